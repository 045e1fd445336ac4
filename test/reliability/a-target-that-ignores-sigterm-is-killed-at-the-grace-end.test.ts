import { describe, expect, it } from 'vitest';
import { evidenceText, LONG, readReport, runOnCopy, violatedIds } from '../support/cli.js';
import { survivors } from '../support/processes.js';

describe('a target that catches SIGTERM and carries on, a heartbeat timer running', () => {
  it('is sent SIGKILL at the end of the grace period and violates deadline alone; nothing of it is left', async () => {
    // No second signal: the search's default may follow SIGTERM with SIGINT, whose default action ends
    // this target before the grace period does (an operator's escalation, not the SIGKILL this is about),
    // and with an unseeded search all three runs may draw it.
    const run = runOnCopy('reliability/ignores-sigterm.js', ['--grace', '3s', '--runs', '3', '--clients', 'late', '--second-signals', 'none'], { timeoutMs: 300_000 });
    expect(run.status).toBe(1);
    const report = readReport(run.out);
    expect(report.verdict).toBe('fail');
    // The SIGKILL at the grace end is the deadline's fault only, not also a crash (clean-exit).
    expect(violatedIds(report)).toEqual(['deadline']);
    expect(evidenceText(report, 'deadline')).toMatch(/still running when the 3000 ms grace period after SIGTERM ran out, and the harness sent SIGKILL/);
    expect(report.counterexample?.history.at(-1)).toMatchObject({ type: 'target-exited', signal: 'SIGKILL' });
    expect(await survivors(run.target)).toEqual([]);
  }, LONG);
});
