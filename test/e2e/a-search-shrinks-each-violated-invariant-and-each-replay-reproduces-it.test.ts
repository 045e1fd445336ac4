import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readReport, runCli, tempDir } from '../support/cli.js';
import { scenarioPath } from '../support/processes.js';

// A whole search of a hundred runs: on a shared 2-core machine one can take minutes. The limit is the
// command's own (runCli's), not a claim about speed; speed is measured in the benchmark.
describe('npx shutdown-check --target <strategy>', { timeout: 600_000 }, () => {
  it('fails against a target that exits at once, shrinks each violated invariant to one client, and each replay command reproduces its failure', () => {
    const out = tempDir();
    const result = runCli(['--target', scenarioPath('exit-at-once.js'), '--runs', '100', '--seed', '7', '--out', out]);
    expect(result.status).toBe(1);
    const report = readReport(out);
    expect(report.verdict).toBe('fail');
    const violated = report.invariants.filter((i) => i.verdict === 'violated');
    // Exiting at once cuts what is in flight, cuts streams and drops WebSockets: more than one invariant,
    // each with its own counterexample.
    expect(violated.map((i) => i.id)).toEqual(expect.arrayContaining(['in-flight-complete', 'stream-clean-end']));
    expect(result.stdout).toContain('replay it with:');
    for (const invariant of violated) {
      const ce = invariant.counterexample;
      expect(ce, invariant.id).not.toBeNull();
      if (!ce) continue;
      expect(ce.scenario.clients, invariant.id).toHaveLength(1);
      expect(result.stdout).toContain(ce.replay);

      // The printed command, run as printed (its words, with our own --out), violates that invariant
      // again, with the same history.
      const words = ce.replay.split(' ').slice(2).map((w) => w.replace(/^'|'$/g, ''));
      const out2 = tempDir();
      const replayed = runCli([...words, '--out', out2]);
      const again = readReport(out2);
      const verdict = again.invariants.find((i) => i.id === invariant.id)?.verdict;
      expect(replayed.status, invariant.id).toBe(again.verdict === 'fail' ? 1 : 0);
      expect(verdict, invariant.id).toBe('violated');
      expect(again.invariants.find((i) => i.id === invariant.id)?.counterexample?.historyHash, invariant.id).toBe(ce.historyHash);
    }

    // And `replay <report.json>` does the same from the file, for the top counterexample and for a named one.
    const out3 = tempDir();
    const fromFile = runCli(['replay', path.join(out, 'report.json')], { cwd: out3 });
    expect(fromFile.status).toBe(1);
    expect(fromFile.stdout).toContain(report.counterexample?.historyHash ?? 'missing');
    const last = violated.at(-1);
    const named = runCli(['replay', path.join(out, 'report.json'), last?.id ?? 'missing'], { cwd: tempDir() });
    expect(named.stdout).toContain(last?.counterexample?.historyHash ?? 'missing');
  });
});
