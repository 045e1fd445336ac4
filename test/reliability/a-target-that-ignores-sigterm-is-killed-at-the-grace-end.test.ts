import { describe, expect, it } from 'vitest';
import { evidenceText, readReport, runCli, tempDir, violatedIds } from '../support/cli.js';
import { fixturePath, survivors, uniqueCopy } from '../support/processes.js';

describe('a target that catches SIGTERM and carries on, a heartbeat timer running', () => {
  it('is sent SIGKILL at the end of the grace period and violates deadline alone; nothing of it is left', async () => {
    const target = uniqueCopy(fixturePath('reliability/ignores-sigterm.js'));
    const out = tempDir();
    const result = runCli(['--target', target, '--grace', '3s', '--runs', '3', '--clients', 'late', '--out', out], { timeoutMs: 300_000 });
    expect(result.status).toBe(1);
    const report = readReport(out);
    expect(report.verdict).toBe('fail');
    // The SIGKILL at the grace end is the deadline's fault only, not also a crash (clean-exit).
    expect(violatedIds(report)).toEqual(['deadline']);
    expect(evidenceText(report, 'deadline')).toMatch(/still running when the 3000 ms grace period after SIGTERM ran out, and the harness sent SIGKILL/);
    const history = report.counterexample?.history ?? [];
    expect(history.at(-1)).toMatchObject({ type: 'target-exited', signal: 'SIGKILL' });
    expect(await survivors(target)).toEqual([]);
  });
});
