import { describe, expect, it } from 'vitest';
import { evidenceText, readReport, runCli, tempDir, violatedIds } from '../support/cli.js';
import { fixturePath, survivors, uniqueCopy } from '../support/processes.js';

/** crashes-mid-run.js: a request handler that throws, or a timer that calls process.exit(1). */
describe('a target that crashes in the middle of a run', () => {
  it('throwing in a request handler: clean-exit is violated, with the exception as evidence', async () => {
    const target = uniqueCopy(fixturePath('reliability/crashes-mid-run.js'));
    const out = tempDir();
    const result = runCli(['--target', target, '--runs', '10', '--clients', 'slow', '--out', out], {
      env: { CRASH: 'handler' },
      timeoutMs: 300_000,
    });
    expect(result.status).toBe(1);
    const report = readReport(out);
    expect(violatedIds(report)).toContain('clean-exit');
    expect(evidenceText(report, 'clean-exit')).toMatch(/Error: session store is not connected/);
    expect(await survivors(target)).toEqual([]);
  });

  it('calling process.exit(1) on a timer: clean-exit is violated, with the exit code as evidence', async () => {
    const target = uniqueCopy(fixturePath('reliability/crashes-mid-run.js'));
    const out = tempDir();
    // Slow requests from the start keep it running past the timer, whenever the signal comes.
    const result = runCli(['--target', target, '--runs', '10', '--clients', 'slow', '--out', out], {
      env: { CRASH: 'timer' },
      timeoutMs: 300_000,
    });
    expect(result.status).toBe(1);
    const report = readReport(out);
    expect(violatedIds(report)).toContain('clean-exit');
    expect(evidenceText(report, 'clean-exit')).toMatch(/code 1\b/);
    expect(await survivors(target)).toEqual([]);
  });
});
