import { describe, expect, it } from 'vitest';
import { readReport, runCli, tempDir } from '../support/cli.js';
import { fixturePath } from '../support/processes.js';

// A whole search of a hundred runs: on a shared 2-core machine one can take minutes. The limit is the
// command's own (runCli's), not a claim about speed; speed is measured in the benchmark.
describe('npx shutdown-check --target <strategy>', { timeout: 600_000 }, () => {
  it('finds a bug that needs two clients and a signal between keep-alive requests, and shrinks it to those two', () => {
    const out = tempDir();
    const result = runCli([
      '--target',
      fixturePath('violations/two-client-race.js'),
      '--clients',
      'keep-alive,slow,silent',
      '--runs',
      '100',
      '--seed',
      '3',
      '--out',
      out,
    ]);
    expect(result.status).toBe(1);
    const report = readReport(out);
    const clients = report.counterexample?.scenario.clients ?? [];
    expect(clients).toHaveLength(2);
    expect(clients.map((c) => c.kind)).toContain('keep-alive');
  });
});
