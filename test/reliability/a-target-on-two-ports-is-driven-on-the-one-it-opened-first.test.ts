import { describe, expect, it } from 'vitest';
import { besidesProgress, LONG, readReport, runOnCopy, violatedIds } from '../support/cli.js';
import { survivors } from '../support/processes.js';

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
    const run = runOnCopy('reliability/listens-on-two-ports.js', ['--runs', '5', '--clients', 'silent,late'], {
      env: { FIRST: first },
      timeoutMs: 300_000,
    });
    expect(besidesProgress(run.stderr)).toBe(
      `shutdown-check: ${run.target} listens on 2 ports; clients connect to the one it opened first, the others are only watched\n`,
    );
    expect(run.status).toBe(status);
    expect(violatedIds(readReport(run.out))).toEqual(violated);
    expect(await survivors(run.target)).toEqual([]);
  }, LONG);
});
