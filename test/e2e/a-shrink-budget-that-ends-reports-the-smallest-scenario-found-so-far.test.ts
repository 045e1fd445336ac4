// When the shrink budget ends, the search reports each invariant's smallest failing scenario found so
// far, says that it is that, and its replay command still reproduces it.
import { describe, expect, it } from 'vitest';
import { LONG, readReport, runCli, tempDir } from '../support/cli.js';

describe('a failing search whose shrink budget ends at once', () => {
  // Under the real clock the same seed draws other scenarios (its latencies are scaled): 8 runs find an error.
  for (const [runs, clock] of [['3', ['--clock', 'virtual']], ['8', ['--clock', 'real', '--time-scale', '0.1']]] as const) {
    it(`under ${clock.join(' ')}: every counterexample is marked unshrunk, and the text says the budget ended`, () => {
      const out = tempDir();
      const result = runCli(['--target', 'scenarios/exit-at-once.js', '--runs', runs, '--seed', '1', ...clock, '--shrink-budget', '1ms', '--out', out]);
      expect(result.status).toBe(1);
      const report = readReport(out);
      const counterexamples = report.invariants.flatMap((i) => (i.counterexample ? [i.counterexample] : []));
      expect(counterexamples.length).toBeGreaterThan(0);
      for (const ce of counterexamples) expect(ce.shrunk).toBe(false);
      expect(result.stdout).toMatch(/ — smallest failing scenario found before the budget ended:$/m);
    }, LONG);
  }
});
