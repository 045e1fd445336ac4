import { describe, expect, it } from 'vitest';
import { evidenceText, LONG, readReport, runOnCopy, violatedIds } from '../support/cli.js';
import { survivors } from '../support/processes.js';

/**
 * crashes-mid-run.js: a request handler that throws, or a timer that calls process.exit(1) 100 ms
 * after it listened. Slow requests from the start keep it running past the timer, whenever the signal
 * comes.
 */
describe.each([
  { crash: 'handler', how: 'throwing in a request handler', evidence: /Error: session store is not connected/ },
  { crash: 'timer', how: 'calling process.exit(1) on a timer', evidence: /code 1\b/ },
])('a target that crashes mid-run by $how', ({ crash, evidence }) => {
  it('violates clean-exit, with what ended it as evidence, and leaves nothing behind', async () => {
    const run = runOnCopy('reliability/crashes-mid-run.js', ['--runs', '10', '--clients', 'slow'], {
      env: { CRASH: crash },
      timeoutMs: 300_000,
    });
    expect(run.status).toBe(1);
    const report = readReport(run.out);
    expect(violatedIds(report)).toContain('clean-exit');
    expect(evidenceText(report, 'clean-exit')).toMatch(evidence);
    expect(await survivors(run.target)).toEqual([]);
  }, LONG);
});
