import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeScenario, scenarioArbitrary, type ScenarioArbitraryOptions } from '../../../src/scenario/arbitraries.js';
import type { KeepAliveRequest, Scenario } from '../../../src/scenario/types.js';

const options: ScenarioArbitraryOptions = {
  kinds: ['keep-alive'],
  maxClients: 2,
  graceMs: 30_000,
  signal: 'SIGTERM',
  profile: 'immediate',
};

const DRAWS = 5_000;

function length(r: KeepAliveRequest): number {
  return r.latencyMs ?? (r.stream ? r.stream.chunks * r.stream.everyMs : 0);
}

/** A keep-alive answer in flight at the signal, and another request behind it on the same connection. */
function answerAfterTheSignalOnAPersistentConnection(s: Scenario): boolean {
  return s.clients.some(
    (c) =>
      c.kind === 'keep-alive' &&
      c.requests.some((r, i) => r.at <= s.signalAt && s.signalAt < r.at + length(r) && c.requests[i + 1] !== undefined),
  );
}

function raced(s: Scenario): KeepAliveRequest[] {
  return s.clients.flatMap((c) => (c.kind === 'keep-alive' ? c.requests.filter((r) => r.withSignal) : []));
}

describe('keep-alive clients', () => {
  const samples = fc.sample(scenarioArbitrary(options), { seed: 21, numRuns: DRAWS });
  const share = (p: (s: Scenario) => boolean): number => samples.filter(p).length / DRAWS;

  it('ask for slow answers and streams on their persistent connection, as well as quick ones', () => {
    const requests = samples.flatMap((s) => s.clients.flatMap((c) => (c.kind === 'keep-alive' ? c.requests : [])));
    const of = (p: (r: KeepAliveRequest) => boolean): number => requests.filter(p).length / requests.length;
    expect(of((r) => r.path === '/')).toBeGreaterThan(0.4);
    expect(of((r) => r.latencyMs !== undefined)).toBeGreaterThan(0.15);
    expect(of((r) => r.stream !== undefined)).toBeGreaterThan(0.15);
  });

  it('often hold an answer across the signal with another request queued behind it', () => {
    expect(share(answerAfterTheSignalOnAPersistentConnection)).toBeGreaterThan(0.1);
  });

  it('sometimes write a request right after the signal on a connection idle by then, and not for long', () => {
    expect(share((s) => raced(s).length > 0)).toBeGreaterThan(0.05);
    for (const s of samples) {
      for (const c of s.clients) {
        if (c.kind !== 'keep-alive') continue;
        const i = c.requests.findIndex((r) => r.withSignal);
        if (i === -1) continue;
        // The request before it went out before the signal and was answered by then.
        const previous = c.requests[i - 1];
        expect(previous).toBeDefined();
        const idleSince = c.requests.slice(0, i).reduce((end, r) => Math.max(end, r.at) + length(r), -Infinity);
        // idle, and not so long that a server's keep-alive timeout has closed the connection
        expect(idleSince).toBeLessThan(s.signalAt);
        expect(s.signalAt - idleSince).toBeLessThanOrEqual(1_000);
        expect(c.requests[i]?.at).toBe(s.signalAt);
        expect(c.requests.slice(i + 1).every((r) => r.at > s.signalAt)).toBe(true);
      }
    }
  });

  it('send the config\'s own requests, by index, when it names some', () => {
    const named = fc.sample(scenarioArbitrary({ ...options, kinds: ['keep-alive', 'late', 'http'], maxClients: 4, requestCount: 3 }), {
      seed: 22,
      numRuns: 500,
    });
    const routes = named.flatMap((s) =>
      s.clients.flatMap((c) => {
        if (c.kind === 'keep-alive') return c.requests.filter((r) => r.latencyMs === undefined && r.stream === undefined).map((r) => r.route);
        return c.kind === 'late' || c.kind === 'http' ? [c.route] : [];
      }),
    );
    expect(new Set(routes)).toEqual(new Set([0, 1, 2]));
    for (const s of named) for (const c of s.clients) if (c.kind === 'http') expect(c.path).toBeUndefined();
  });

  it('are told in a way that reads well', () => {
    const scenario: Scenario = {
      clients: [
        {
          kind: 'keep-alive',
          id: 'A',
          at: 0,
          requests: [
            { at: 0, latencyMs: 3_000 },
            { at: 100, path: '/' },
            { at: 200, stream: { chunks: 4, everyMs: 250, sse: false } },
            { at: 300, route: 2 },
          ],
        },
        { kind: 'keep-alive', id: 'B', at: 0, requests: [{ at: 0, path: '/' }, { at: 500, path: '/', withSignal: true }] },
        { kind: 'late', id: 'C', at: 600, attempts: [], route: 1 },
      ],
      signal: 'SIGTERM',
      signalAt: 500,
      secondSignal: { signal: 'SIGINT', at: 900 },
      graceMs: 30_000,
      profile: 'immediate',
    };
    expect(describeScenario(scenario)).toEqual([
      'A (keep-alive) sends a request answered after 3000 ms, at 0 ms, GET / at 100 ms, a stream of 4 chunks, one every 250 ms, at 200 ms, ' +
        'request 2 of the config at 300 ms',
      'B (keep-alive) sends GET / at 0 ms, GET / at 500 ms right after the SIGTERM, on the idle connection',
      'C (late) opens a new connection with one request 1 of the config at 600 ms',
      'SIGTERM at 500 ms; a second SIGINT at 900 ms; SIGKILL at 30500 ms if still running',
    ]);
  });
});

describe('a second signal', () => {
  it('is drawn from the signals given: the same again, or SIGINT after SIGTERM, mostly soon after the first', () => {
    const samples = fc.sample(scenarioArbitrary({ ...options, secondSignals: ['SIGTERM', 'SIGINT'] }), { seed: 23, numRuns: 2_000 });
    const seconds = samples.flatMap((s) => (s.secondSignal ? [{ ...s.secondSignal, delay: s.secondSignal.at - s.signalAt }] : []));
    expect(seconds.length / samples.length).toBeGreaterThan(0.3);
    expect(new Set(seconds.map((x) => x.signal))).toEqual(new Set(['SIGTERM', 'SIGINT']));
    expect(seconds.every((x) => x.delay >= 0 && x.delay < 30_000)).toBe(true);
    expect(seconds.filter((x) => x.delay <= 2_000).length / seconds.length).toBeGreaterThan(0.6);
    expect(seconds.some((x) => x.delay > 10_000)).toBe(true);
  });

  it('is the first signal again with secondSignal: true, and none without either option', () => {
    const again = fc.sample(scenarioArbitrary({ ...options, signal: 'SIGINT', secondSignal: true }), { seed: 24, numRuns: 300 });
    expect(new Set(again.flatMap((s) => (s.secondSignal ? [s.secondSignal.signal] : [])))).toEqual(new Set(['SIGINT']));
    expect(fc.sample(scenarioArbitrary(options), { seed: 24, numRuns: 300 }).every((s) => s.secondSignal === undefined)).toBe(true);
  });

  it('refuses a signal it does not know', () => {
    expect(() => scenarioArbitrary({ ...options, secondSignals: ['SIGKILL' as 'SIGTERM'] })).toThrow(/secondSignals holds SIGKILL/);
  });
});
