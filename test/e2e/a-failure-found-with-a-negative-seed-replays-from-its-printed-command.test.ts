// A negative seed is a seed: the search takes it, and the replay command printed with its failure —
// which carries `--seed -<n>` — runs as printed, instead of being refused as a flag missing its value.
import { describe, expect, it } from 'vitest';
import { besidesProgress, readReport, runCli, tempDir } from '../support/cli.js';
import { scenarioPath } from '../support/processes.js';

describe('a search with a negative seed', { timeout: 600_000 }, () => {
  it('fails against a target that exits at once, and its printed replay command reproduces the failure', () => {
    const out = tempDir();
    const result = runCli(['--target', scenarioPath('exit-at-once.js'), '--runs', '20', '--seed', '-3', '--out', out]);
    expect(besidesProgress(result.stderr)).toBe('');
    expect(result.status).toBe(1);
    const report = readReport(out);
    expect(report.seed).toBe(-3);
    expect(report.replay).toMatch(/ --seed -3 /);

    const words = (report.replay ?? '').split(' ').slice(2).map((w) => w.replace(/^'|'$/g, ''));
    const out2 = tempDir();
    const replayed = runCli([...words, '--out', out2]);
    expect(besidesProgress(replayed.stderr)).toBe('');
    expect(replayed.status).toBe(1);
    const again = readReport(out2);
    expect(again.counterexample?.historyHash).toBe(report.counterexample?.historyHash);
  });
});
