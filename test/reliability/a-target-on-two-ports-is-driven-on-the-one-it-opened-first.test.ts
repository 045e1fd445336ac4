import { describe, expect, it } from 'vitest';
import { readReport, runCli, tempDir, violatedIds } from '../support/cli.js';
import { fixturePath, survivors, uniqueCopy } from '../support/processes.js';

/**
 * listens-on-two-ports.js has an application server that drains correctly and an admin server that
 * ends the process with code 3 as soon as anything connects to it: which of the two the clients were
 * sent to shows in the verdict. Silent clients connect before the signal, so every run connects.
 */
describe.each([
  { first: 'app', status: 0, violated: [] as string[] },
  { first: 'admin', status: 1, violated: ['clean-exit'] },
])('a target on two ports, the $first server opened first', ({ first, status, violated }) => {
  it('is driven on that one, and says it on stderr', async () => {
    const target = uniqueCopy(fixturePath('reliability/listens-on-two-ports.js'));
    const out = tempDir();
    const result = runCli(['--target', target, '--runs', '5', '--clients', 'silent,late', '--out', out], {
      env: { FIRST: first },
      timeoutMs: 300_000,
    });
    expect(result.stderr).toBe(
      `shutdown-check: ${target} listens on 2 ports; clients connect to the one it opened first, the others are only watched\n`,
    );
    expect(result.status).toBe(status);
    expect(violatedIds(readReport(out))).toEqual(violated);
    expect(await survivors(target)).toEqual([]);
  });
});
