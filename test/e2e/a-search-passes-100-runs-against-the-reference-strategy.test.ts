import { describe, expect, it } from 'vitest';
import { besidesProgress, readReport, runCli, tempDir } from '../support/cli.js';
import { scenarioPath } from '../support/processes.js';

// A whole search of a hundred runs: on a shared 2-core machine one can take minutes. The limit is the
// command's own (runCli's), not a claim about speed; speed is measured in the benchmark.
describe('npx shutdown-check --target <strategy>', { timeout: 600_000 }, () => {
  it('passes 100 runs against the reference strategy and exits 0', () => {
    const out = tempDir();
    const result = runCli(['--target', scenarioPath('reference.js'), '--runs', '100', '--concurrency', '2', '--seed', '1', '--out', out]);
    expect(besidesProgress(result.stderr)).toBe('');
    expect(result.status).toBe(0);
    const report = readReport(out);
    expect(report).toMatchObject({ verdict: 'pass', numRuns: 100, counterexample: null, replay: null, seed: 1 });
    expect(report.invariants.filter((i) => i.verdict === 'violated' || i.verdict === 'unknown')).toEqual([]);
  });
});
