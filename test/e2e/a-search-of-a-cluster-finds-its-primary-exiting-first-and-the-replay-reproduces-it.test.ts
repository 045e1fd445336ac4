import { describe, expect, it } from 'vitest';
import { LONG, readReport, runCli, tempDir } from '../support/cli.js';
import path from 'node:path';
import { scenarioPath, survivors, uniqueCopy } from '../support/processes.js';

/**
 * A search of a node:cluster target under the real clock, few runs, with two workers: the primary that
 * exits at once on SIGTERM is found to violate clean-exit (its workers left to die of the lost channel),
 * and the printed replay command violates it again. Under the real clock a replay repeats the scenario,
 * not the microseconds, so it is judged by its verdict, not by its history's hash.
 */
describe('npx shutdown-check --clock real on a cluster target', { timeout: LONG }, () => {
  it('finds the primary exiting before its workers, and the printed replay reproduces it', () => {
    const out = tempDir();
    const args = ['--target', scenarioPath('cluster/primary-exits-at-once.js'), '--clock', 'real', '--runs', '2', '--seed', '3'];
    const result = runCli([...args, '--clients', 'slow', '--grace', '5s', '--shrink-runs', '5', '--out', out]);
    expect(result.status, result.stderr).toBe(1);
    const report = readReport(out);
    const cleanExit = report.invariants.find((i) => i.id === 'clean-exit');
    expect(cleanExit?.verdict).toBe('violated');
    const ce = cleanExit?.counterexample;
    expect(ce).toBeTruthy();
    if (!ce) return;
    expect(result.stdout).toContain(ce.replay);
    expect(result.stdout).toMatch(/primary exits with code 0, leaving workers? [12](, 2)? running/);

    const words = ce.replay.split(' ').slice(2).map((w) => w.replace(/^'|'$/g, ''));
    const out2 = tempDir();
    const replayed = runCli([...words, '--out', out2]);
    expect(replayed.status, replayed.stderr).toBe(1);
    const again = readReport(out2);
    expect(again.invariants.find((i) => i.id === 'clean-exit')?.verdict).toBe('violated');
  });

  it('refuses a cluster under the virtual clock with one line that names the real clock, and leaves no process', async () => {
    const target = uniqueCopy(scenarioPath('cluster/reference.js'));
    const result = runCli(['--target', target, '--runs', '1', '--out', tempDir()]);
    expect(result.status).toBe(3);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr.split('\n')[0]).toMatch(/forks node:cluster workers, and a cluster runs under the real clock only .*; pass --clock real$/);
    expect(await survivors(path.dirname(target))).toEqual([]);
  });
});
