import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readReport, runCli, tempDir } from '../support/cli.js';
import { fixturePath, scenarioPath } from '../support/processes.js';

// Whole searches of a hundred runs: on a shared 2-core machine one can take minutes. The limit is
// the command's own (runCli's), not a claim about speed; speed is measured in the benchmark.
describe('npx shutdown-check --target <strategy>', { timeout: 600_000 }, () => {
  it('passes 100 runs against the reference strategy and exits 0', () => {
    const out = tempDir();
    const result = runCli(['--target', scenarioPath('reference.js'), '--runs', '100', '--concurrency', '2', '--seed', '1', '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const report = readReport(out);
    expect(report).toMatchObject({ verdict: 'pass', numRuns: 100, counterexample: null, replay: null, seed: 1 });
    expect(report.invariants.filter((i) => i.verdict === 'violated' || i.verdict === 'unknown')).toEqual([]);
  });

  it('fails against a target that exits at once, shrinks to one client, and its replay command reproduces it', () => {
    const out = tempDir();
    const result = runCli(['--target', scenarioPath('exit-at-once.js'), '--runs', '100', '--seed', '7', '--out', out]);
    expect(result.status).toBe(1);
    const report = readReport(out);
    expect(report.verdict).toBe('fail');
    expect(report.counterexample?.scenario.clients).toHaveLength(1);
    const violated = report.invariants.filter((i) => i.severity === 'error' && i.verdict === 'violated').map((i) => i.id);
    expect(violated.length).toBeGreaterThan(0);
    expect(result.stdout).toContain('replay it with:');
    expect(result.stdout).toContain(report.replay);

    // The printed command, run as printed (its words, with our own --out), gives the same history.
    const words = (report.replay ?? '').split(' ').slice(2).map((w) => w.replace(/^'|'$/g, ''));
    const out2 = tempDir();
    const replayed = runCli([...words, '--out', out2]);
    expect(replayed.status).toBe(1);
    const again = readReport(out2);
    expect(again.counterexample?.historyHash).toBe(report.counterexample?.historyHash);
    expect(again.invariants.filter((i) => i.verdict === 'violated').map((i) => i.id)).toEqual(
      report.invariants.filter((i) => i.verdict === 'violated').map((i) => i.id),
    );

    // And `replay <report.json>` does the same from the file.
    const out3 = tempDir();
    const fromFile = runCli(['replay', path.join(out, 'report.json')], { cwd: out3 });
    expect(fromFile.status).toBe(1);
    expect(fromFile.stdout).toContain(report.counterexample?.historyHash ?? 'missing');
  });

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
