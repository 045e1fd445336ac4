import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scenarioArbitrary, type ScenarioArbitraryOptions } from '../../../src/scenario/arbitraries.js';
import { spanStream } from '../../../src/scenario/spans.js';
import type { ClientSpec, Scenario } from '../../../src/scenario/types.js';

/**
 * Where responses in flight at the signal end, relative to it, over many draws. A server that cuts
 * what is left at its own deadline (here at 5 s, a focus time an earlier run showed) is caught only by
 * a response that would have ended after that deadline; one just before it proves the server waits
 * that long; the end of the grace period has the same two sides, with the checkers' tolerance band
 * (max(100 ms, 5 %) = 1.5 s of 30 s) between them.
 */
const GRACE = 30_000;
const BAND = 1_500;
const FOCUS = 5_000;
const DRAWS = 10_000;

const options: ScenarioArbitraryOptions = {
  kinds: ['slow'],
  maxClients: 1,
  graceMs: GRACE,
  signal: 'SIGTERM',
  profile: 'immediate',
  focusMs: [FOCUS],
};

/** How long after the signal each response in flight at it would end, for the kind asked. */
function endsAfterSignal(samples: Scenario[], end: (c: ClientSpec) => number | undefined): number[] {
  return samples.flatMap((s) =>
    s.clients.flatMap((c) => {
      const e = end(c);
      return e !== undefined && c.at <= s.signalAt && e > s.signalAt ? [e - s.signalAt] : [];
    }),
  );
}

function shares(ends: number[]): Record<string, number> {
  const share = (p: (e: number) => boolean): number => ends.filter(p).length / ends.length;
  return {
    shortUnder2s: share((e) => e <= 2_000),
    spreadOverTheDrain: share((e) => e > 2_000 && e < GRACE - BAND - 1_000),
    justBeforeTheFocus: share((e) => e >= FOCUS - 500 && e < FOCUS),
    justAfterTheFocus: share((e) => e >= FOCUS && e <= FOCUS + 500),
    justBeforeTheBand: share((e) => e >= GRACE - BAND - 1_000 && e < GRACE - BAND),
    pastTheGraceEnd: share((e) => e > GRACE),
  };
}

describe('latencies and stream lengths', () => {
  it('end all over the grace period, just before and after a focus time and just before the tolerance band', () => {
    const samples = fc.sample(scenarioArbitrary(options), { seed: 42, numRuns: DRAWS });
    const ends = endsAfterSignal(samples, (c) => (c.kind === 'slow' ? c.at + c.latencyMs : undefined));
    expect(ends.length).toBeGreaterThan(DRAWS / 3);
    const measured = shares(ends);
    expect(measured).toEqual({
      shortUnder2s: expect.toBeWithin(0, 0.5),
      spreadOverTheDrain: expect.toBeWithin(0.2, 1),
      justBeforeTheFocus: expect.toBeWithin(0.08, 1),
      justAfterTheFocus: expect.toBeWithin(0.08, 1),
      justBeforeTheBand: expect.toBeWithin(0.08, 1),
      pastTheGraceEnd: expect.toBeWithin(0.1, 1),
    });
  });

  it('do so for streams too', () => {
    const samples = fc.sample(scenarioArbitrary({ ...options, kinds: ['stream'] }), { seed: 43, numRuns: DRAWS });
    const ends = endsAfterSignal(samples, (c) => (c.kind === 'stream' ? c.at + c.chunks * c.everyMs : undefined));
    expect(ends.length).toBeGreaterThan(DRAWS / 3);
    const measured = shares(ends);
    expect(measured).toEqual({
      shortUnder2s: expect.toBeWithin(0, 0.5),
      spreadOverTheDrain: expect.toBeWithin(0.2, 1),
      justBeforeTheFocus: expect.toBeWithin(0.08, 1),
      justAfterTheFocus: expect.toBeWithin(0.08, 1),
      justBeforeTheBand: expect.toBeWithin(0.08, 1),
      pastTheGraceEnd: expect.toBeWithin(0.1, 1),
    });
  });

  it('keep the side of a focus time they were drawn for when a stream\'s interval is rounded to whole ticks', () => {
    const shape = { maxMs: 45_000, anchors: [FOCUS, GRACE - BAND] };
    const place = { at: 30, signalAt: 1_000 };
    // 3 chunks cannot end exactly 4990 or 5010 ms after the signal: the interval is rounded to a tick.
    for (const chunks of [3, 7, 9]) {
      const before = spanStream({ from: 'signal', ms: FOCUS - 10 }, chunks, place, shape);
      const after = spanStream({ from: 'signal', ms: FOCUS + 10 }, chunks, place, shape);
      expect(place.at + before.chunks * before.everyMs - place.signalAt).toBeLessThan(FOCUS);
      expect(place.at + after.chunks * after.everyMs - place.signalAt).toBeGreaterThanOrEqual(FOCUS);
      expect(before.everyMs % 10).toBe(0);
      expect(after.everyMs % 10).toBe(0);
    }
  });

  it('stay within the longest latency the user allows', () => {
    const samples = fc.sample(scenarioArbitrary({ ...options, kinds: ['slow', 'stream', 'keep-alive'], maxClients: 4, maxLatencyMs: 3_000 }), {
      seed: 45,
      numRuns: 2_000,
    });
    const lengths = samples.flatMap((s) =>
      s.clients.flatMap((c) => {
        if (c.kind === 'slow') return [c.latencyMs];
        if (c.kind === 'stream') return [c.chunks * c.everyMs];
        if (c.kind === 'keep-alive') return c.requests.flatMap((r) => [r.latencyMs ?? 0, r.stream ? r.stream.chunks * r.stream.everyMs : 0]);
        return [];
      }),
    );
    expect(Math.max(...lengths)).toBeLessThanOrEqual(3_000);
    expect(lengths.filter((l) => l > 2_000).length).toBeGreaterThan(0);
  });

  it('take the slow route\'s own latency when it has a fixed one', () => {
    const samples = fc.sample(scenarioArbitrary({ ...options, kinds: ['slow', 'keep-alive'], maxClients: 4, slowLatencyMs: 3_000 }), {
      seed: 46,
      numRuns: 500,
    });
    const latencies = samples.flatMap((s) =>
      s.clients.flatMap((c) => (c.kind === 'slow' ? [c.latencyMs] : c.kind === 'keep-alive' ? c.requests.flatMap((r) => (r.latencyMs !== undefined ? [r.latencyMs] : [])) : [])),
    );
    expect(latencies.length).toBeGreaterThan(100);
    expect(new Set(latencies)).toEqual(new Set([3_000]));
  });
});

declare module 'vitest' {
  interface AsymmetricMatchersContaining {
    toBeWithin(min: number, max: number): unknown;
  }
}

expect.extend({
  toBeWithin(received: number, min: number, max: number) {
    return {
      pass: received >= min && received <= max,
      message: () => `expected ${received} to be within [${min}, ${max}]`,
    };
  },
});
