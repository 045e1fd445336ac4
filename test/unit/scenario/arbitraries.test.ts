import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeScenario, scenarioArbitrary, type ScenarioArbitraryOptions } from '../../../src/scenario/arbitraries.js';
import { clientOpTimes, validateScenario } from '../../../src/scenario/timeline.js';
import { CLIENT_KINDS, SIGNALS, type ClientSpec, type Scenario } from '../../../src/scenario/types.js';

const DESIGN_MIX = ['keep-alive', 'slow', 'stream', 'websocket', 'silent', 'late'] as const;

const defaults: ScenarioArbitraryOptions = {
  kinds: DESIGN_MIX,
  graceMs: 30_000,
  signal: 'SIGTERM',
  profile: 'immediate',
  secondSignal: true,
};

/** Every time a scenario holds, with where it comes from, for the checks that apply to all of them. */
function allTimes(s: Scenario): number[] {
  const own = (c: ClientSpec): number[] => [
    ...clientOpTimes(c),
    ...(c.kind === 'keep-alive' ? c.requests.flatMap((r) => [r.at, ...(r.latencyMs !== undefined ? [r.latencyMs] : []), ...(r.stream ? [r.stream.everyMs] : [])]) : []),
    ...(c.kind === 'slow' ? [c.latencyMs] : []),
    ...(c.kind === 'stream' ? [c.everyMs] : []),
    ...(c.kind === 'http' && c.holdMs !== undefined ? [c.holdMs] : []),
  ];
  return [s.signalAt, ...(s.secondSignal ? [s.secondSignal.at] : []), ...s.clients.flatMap(own)];
}

function slowRequestAroundTheSignal(s: Scenario): boolean {
  return s.clients.some((c) => c.kind === 'slow' && c.latencyMs >= 200 && c.at < s.signalAt && s.signalAt < c.at + c.latencyMs);
}

function signalBetweenTwoRequestsOfOneOfTwoKeepAlives(s: Scenario): boolean {
  const keepAlives = s.clients.filter((c) => c.kind === 'keep-alive');
  return (
    keepAlives.length >= 2 &&
    keepAlives.some((c) =>
      c.requests.some((r, i) => {
        const next = c.requests[i + 1];
        return next !== undefined && r.at < s.signalAt && s.signalAt < next.at;
      }),
    )
  );
}

const optionsArbitrary: fc.Arbitrary<ScenarioArbitraryOptions> = fc.record({
  kinds: fc.subarray([...CLIENT_KINDS], { minLength: 1 }),
  graceMs: fc.oneof(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 120_000 })),
  signal: fc.constantFrom(...SIGNALS),
  profile: fc.constantFrom('immediate' as const, 'kubernetes' as const),
  secondSignal: fc.boolean(),
  maxClients: fc.integer({ min: 1, max: 30 }),
});

describe('scenario arbitrary', () => {
  it('draws only well-formed scenarios, whatever the options', () => {
    fc.assert(
      fc.property(optionsArbitrary, fc.integer(), (options, seed) => {
        for (const s of fc.sample(scenarioArbitrary(options), { seed, numRuns: 10 })) {
          expect(validateScenario(s)).toEqual([]);
          expect(s.clients.length).toBeGreaterThanOrEqual(1);
          expect(s.clients.length).toBeLessThanOrEqual(options.maxClients ?? 8);
          expect(s.clients.every((c) => options.kinds.includes(c.kind))).toBe(true);
          expect(s).toMatchObject({ signal: options.signal, graceMs: options.graceMs, profile: options.profile });
          for (const t of allTimes(s)) expect(Number.isInteger(t) && t >= 0 && t % 10 === 0).toBe(true);
          for (const c of s.clients) {
            if (c.kind === 'keep-alive') {
              expect(c.requests[0]?.at).toBe(c.at);
              for (const r of c.requests) {
                expect(r.path === '/' || r.latencyMs !== undefined || r.stream !== undefined).toBe(true);
                if (r.withSignal) expect(r.at).toBe(s.signalAt);
              }
            }
            if (c.kind === 'slow') expect(c.latencyMs).toBeLessThanOrEqual(options.graceMs * 1.5);
            if (c.kind === 'late') expect(c.at).toBeGreaterThanOrEqual(s.signalAt);
          }
          if (!options.secondSignal) expect(s.secondSignal).toBeUndefined();
          if (s.secondSignal) {
            expect(s.secondSignal.signal).toBe(options.signal);
            expect(s.secondSignal.at).toBeGreaterThanOrEqual(s.signalAt);
            expect(s.secondSignal.at).toBeLessThan(s.signalAt + options.graceMs);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('names clients A, B, C, … in order, and past Z as AA, AB, …', () => {
    const expected = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'AA', 'AB', 'AC', 'AD'];
    const samples = fc.sample(scenarioArbitrary({ ...defaults, maxClients: 30 }), { seed: 1, numRuns: 300 });
    for (const s of samples) expect(s.clients.map((c) => c.id)).toEqual(expected.slice(0, s.clients.length));
    expect(samples.some((s) => s.clients.length > 26)).toBe(true);
  });

  it('places the signal at the moments that matter, relative to what the clients do', () => {
    const samples = fc.sample(scenarioArbitrary(defaults), { seed: 7, numRuns: 2000 });
    const share = (p: (s: Scenario) => boolean): number => samples.filter(p).length / samples.length;
    const some = (s: Scenario, p: (c: ClientSpec, t: number) => boolean): boolean => s.clients.some((c) => p(c, s.signalAt));
    // mid-latency or mid-stream
    expect(share((s) => some(s, (c, t) => (c.kind === 'slow' || c.kind === 'stream') && c.at < t && t < c.at + (c.kind === 'slow' ? c.latencyMs : c.chunks * c.everyMs)))).toBeGreaterThan(0.2);
    // between two keep-alive requests
    expect(share(signalBetweenTwoRequestsOfOneOfTwoKeepAlives)).toBeGreaterThan(0.02);
    // shortly before a request's first byte
    expect(share((s) => some(s, (c, t) => c.kind !== 'late' && t < c.at && c.at <= t + 100))).toBeGreaterThan(0.05);
    // mid-message on a WebSocket, and with a WebSocket open and idle
    expect(share((s) => some(s, (c, t) => c.kind === 'websocket' && c.messages.includes(t)))).toBeGreaterThan(0.01);
    expect(share((s) => some(s, (c, t) => c.kind === 'websocket' && c.at < t && !c.messages.includes(t)))).toBeGreaterThan(0.1);
    // and requests long enough to meet the end of the grace period
    expect(share((s) => some(s, (c) => c.kind === 'slow' && c.latencyMs > s.graceMs))).toBeGreaterThan(0.02);
  });

  it('shrinks a failure that needs one slow request around the signal to that one client, at small times', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const details = fc.check(fc.property(scenarioArbitrary(defaults), (s) => !slowRequestAroundTheSignal(s)), { seed, numRuns: 1000 });
      expect(details.failed).toBe(true);
      const [shrunk] = details.counterexample ?? [];
      expect(shrunk).toEqual({
        clients: [{ kind: 'slow', id: 'A', at: 0, latencyMs: 200 }],
        signal: 'SIGTERM',
        signalAt: 10,
        graceMs: 30_000,
        profile: 'immediate',
      });
    }
  });

  it('shrinks a failure that needs two keep-alive clients and the signal between two requests to exactly two clients', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const details = fc.check(fc.property(scenarioArbitrary(defaults), (s) => !signalBetweenTwoRequestsOfOneOfTwoKeepAlives(s)), {
        seed,
        numRuns: 1000,
      });
      expect(details.failed).toBe(true);
      const [shrunk] = details.counterexample ?? [];
      expect(shrunk?.clients).toHaveLength(2);
      expect(shrunk?.clients.every((c) => c.kind === 'keep-alive')).toBe(true);
      expect(shrunk?.clients.flatMap((c) => (c.kind === 'keep-alive' ? c.requests : [])).length).toBe(3);
      expect(shrunk?.secondSignal).toBeUndefined();
      expect(Math.max(...allTimes(shrunk as Scenario))).toBeLessThanOrEqual(20);
    }
  });

  it('replays a shrunk counterexample from its seed and path alone', () => {
    const property = fc.property(scenarioArbitrary(defaults), (s) => !signalBetweenTwoRequestsOfOneOfTwoKeepAlives(s));
    const found = fc.check(property, { seed: 3, numRuns: 1000 });
    expect(found.failed).toBe(true);
    const replayed = fc.check(property, { seed: 3, path: found.counterexamplePath ?? '' });
    expect(replayed.counterexample).toEqual(found.counterexample);
  });

  it('refuses options it cannot draw from', () => {
    expect(() => scenarioArbitrary({ ...defaults, kinds: [] })).toThrow(/at least one client kind/);
    expect(() => scenarioArbitrary({ ...defaults, maxClients: 0 })).toThrow(/maxClients is 0/);
    expect(() => scenarioArbitrary({ ...defaults, graceMs: 0 })).toThrow(/graceMs is 0/);
  });
});

describe('scenario description', () => {
  it('renders each client and the signals as one readable step each', () => {
    const scenario: Scenario = {
      clients: [
        { kind: 'keep-alive', id: 'A', at: 0, requests: [{ at: 0, path: '/' }, { at: 50, path: '/' }] },
        { kind: 'slow', id: 'B', at: 10, latencyMs: 1000 },
        { kind: 'stream', id: 'C', at: 20, chunks: 5, everyMs: 100, sse: false },
        { kind: 'stream', id: 'D', at: 20, chunks: 1, everyMs: 100, sse: true },
        { kind: 'websocket', id: 'E', at: 0, messages: [100, 200] },
        { kind: 'websocket', id: 'F', at: 0, messages: [] },
        { kind: 'silent', id: 'G', at: 30 },
        { kind: 'raw', id: 'H', at: 0, messages: [10] },
        { kind: 'late', id: 'I', at: 110, attempts: [200] },
        { kind: 'late', id: 'J', at: 100, attempts: [] },
        { kind: 'http', id: 'K', at: 0, path: '/', holdMs: 500 },
        { kind: 'http', id: 'L', at: 0, path: '/health' },
        { kind: 'keep-alive', id: 'M', at: 0, requests: [{ at: 0, path: '/a' }, { at: 40, path: '/b' }] },
      ],
      signal: 'SIGTERM',
      signalAt: 100,
      secondSignal: { signal: 'SIGTERM', at: 250 },
      graceMs: 30_000,
      profile: 'immediate',
    };
    expect(describeScenario(scenario)).toEqual([
      'A (keep-alive) sends GET / at 0 ms, 50 ms',
      'B (slow) sends a request answered after 1000 ms, at 10 ms',
      'C (stream) asks for a stream of 5 chunks, one every 100 ms, at 20 ms',
      'D (stream) asks for an SSE stream of 1 event, one every 100 ms, at 20 ms',
      'E (websocket) opens a WebSocket at 0 ms and sends messages at 100 ms, 200 ms',
      'F (websocket) opens a WebSocket at 0 ms and sends nothing',
      'G (silent) connects at 30 ms and sends nothing',
      'H (raw) connects at 0 ms and sends a line to be echoed at 10 ms',
      'I (late) opens a new connection with one GET at each of 110 ms, 200 ms',
      'J (late) opens a new connection with one GET at 100 ms',
      'K (http) sends GET / answered after 500 ms, at 0 ms',
      'L (http) sends GET /health at 0 ms',
      'M (keep-alive) sends GET /a at 0 ms, GET /b at 40 ms',
      'SIGTERM at 100 ms; a second SIGTERM at 250 ms; SIGKILL at 30100 ms if still running',
    ]);
  });

  it('leaves the second signal out when there is none', () => {
    const lines = describeScenario({ clients: [], signal: 'SIGINT', signalAt: 0, graceMs: 5000, profile: 'kubernetes' });
    expect(lines).toEqual(['SIGINT at 0 ms; SIGKILL at 5000 ms if still running']);
  });
});
