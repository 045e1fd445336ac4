import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scenarioArbitrary, type ScenarioArbitraryOptions } from '../../../src/scenario/arbitraries.js';
import type { Scenario } from '../../../src/scenario/types.js';

const options: ScenarioArbitraryOptions = {
  kinds: ['keep-alive', 'slow', 'stream', 'silent', 'late'],
  graceMs: 30_000,
  signal: 'SIGTERM',
  profile: 'immediate',
  secondSignals: ['SIGTERM', 'SIGINT'],
  focusMs: [5_000],
};

/**
 * What a server that cuts whatever is left 5 s after SIGTERM fails on: a slow request in flight at the
 * signal that would have ended later than that, and before the tolerance band at the grace end.
 */
function cutByAFiveSecondDeadline(s: Scenario): boolean {
  return s.clients.some((c) => {
    if (c.kind !== 'slow' || c.at > s.signalAt) return false;
    const end = c.at + c.latencyMs - s.signalAt;
    return end > 5_000 && end < 28_500;
  });
}

describe('a search focused on a time after the signal', () => {
  it('draws one scenario for one seed, one path and one focus, and another for another focus', () => {
    const draw = (focusMs: number[]): Scenario[] => fc.sample(scenarioArbitrary({ ...options, focusMs }), { seed: 9, numRuns: 50 });
    expect(draw([5_000])).toEqual(draw([5_000]));
    expect(draw([5_000])).not.toEqual(draw([12_000]));
  });

  it('replays a shrunk counterexample from its seed and path alone, with the same focus', () => {
    const property = fc.property(scenarioArbitrary(options), (s) => !cutByAFiveSecondDeadline(s));
    const found = fc.check(property, { seed: 5, numRuns: 200 });
    expect(found.failed).toBe(true);
    const again = fc.property(scenarioArbitrary({ ...options, focusMs: [5_000] }), (s) => !cutByAFiveSecondDeadline(s));
    const replayed = fc.check(again, { seed: 5, path: found.counterexamplePath ?? '' });
    expect(replayed.counterexample).toEqual(found.counterexample);
  });

  it('shrinks a long request cut by a server deadline to the shortest one the deadline cuts', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const details = fc.check(fc.property(scenarioArbitrary(options), (s) => !cutByAFiveSecondDeadline(s)), { seed, numRuns: 500 });
      expect(details.failed).toBe(true);
      const [shrunk] = details.counterexample ?? [];
      expect(shrunk?.clients).toHaveLength(1);
      const [client] = shrunk?.clients ?? [];
      if (client?.kind !== 'slow' || !shrunk) throw new Error(`expected one slow client, got ${JSON.stringify(shrunk)}`);
      // The smallest end that still fails, one tick past the deadline, with the request and the signal early.
      expect(client.at + client.latencyMs - shrunk.signalAt).toBe(5_010);
      expect(client.at).toBe(0);
      expect(shrunk.signalAt).toBe(0);
      expect(shrunk.secondSignal).toBeUndefined();
    }
  });
});
