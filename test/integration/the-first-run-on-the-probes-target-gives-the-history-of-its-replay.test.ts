// A search under the virtual clock hands the target it probed (to learn what it serves) to its first
// run, instead of starting another. That target has been asked a question and has waited idle, its
// time held still; its run must give the same history as the replay of that run, which starts a fresh
// target for it.
import { expect, it } from 'vitest';
import { checkShutdown } from '../../src/index.js';
import { scenarioPath, STARTUP_TIMEOUT_MS } from '../support/processes.js';

it('the first run of a search, on the probed target, has the history hash its replay has', async () => {
  const common = { target: scenarioPath('exit-at-once.js'), seed: 1, shrinkRuns: 0, startupTimeout: `${STARTUP_TIMEOUT_MS}ms` } as const;
  const searched = await checkShutdown({ ...common, runs: 1 });
  const found = searched.invariants.flatMap((i) => (i.counterexample ? [i.counterexample] : []));
  // exit-at-once cuts the first scenario of seed 1: the run has a counterexample to compare.
  expect(found.length).toBeGreaterThan(0);
  const first = found[0];
  expect(first?.path).toBe('0');
  const replayed = await checkShutdown({ ...common, path: '0' });
  const again = replayed.invariants.flatMap((i) => (i.counterexample ? [i.counterexample] : []));
  expect(again[0]?.historyHash).toBe(first?.historyHash);
});
