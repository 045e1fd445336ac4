import { describe, expect, it } from 'vitest';
import type { CheckOptions } from '../../../src/checkers/checker.js';
import { noShutdown5xx } from '../../../src/checkers/no-shutdown-5xx.js';
import type { Scenario } from '../../../src/scenario/types.js';
import { history, messages, notExercisedReason, options, scenario } from './fixtures.js';

/** K's first request is answered 200 before the signal; A's slow request is read at 0; the signal goes at 200 */
const s = scenario(
  [
    { kind: 'keep-alive', id: 'K', at: 0, requests: [{ at: 0, path: '/' }] },
    { kind: 'slow', id: 'A', at: 0, latencyMs: 400 },
  ],
  { signalAt: 200 },
);
const check = (h: ReturnType<typeof history>, sc: Scenario = s, over: Partial<CheckOptions> = {}) =>
  noShutdown5xx.check(h.build(), sc, options(sc, over));

/** the route works before the signal: GET / answered 200 */
const baseline = () =>
  history().listening().handler()
    .at(0).sent('K').open('K').started('K').finished('K').answered('K')
    .sent('A').open('A').started('A');

describe('no-shutdown-5xx', () => {
  it('is violated by a 500 after the signal to a request read before it, on a route that answered 200 before', () => {
    const h = baseline()
      .at(200).signal().handled()
      .at(212).finished('A', 0, 500).outcome('A', 0, 'complete', { status: 500 }).exit(0);
    const v = check(h);
    expect(messages(v)).toEqual([
      'request 0 of client A was read by the server 200 ms before SIGTERM and answered 500 12 ms after it; GET / was answered 200 before SIGTERM',
    ]);
    if (v.verdict !== 'violated') throw new Error('unreachable');
    expect(v.evidence[0]?.events.map((e) => e.type)).toEqual([
      'client-connect',
      'request-sent',
      'server-request-started',
      'request-outcome',
      'signal-sent',
      'server-response-finished',
      'request-outcome',
    ]);
  });

  it('is violated by a 503 with Connection: close to a request read before the signal: that work was accepted', () => {
    const h = baseline()
      .at(200).signal().handled()
      .at(250).finished('A', 0, 503, true).outcome('A', 0, 'drain-refusal', { status: 503, connectionClose: true });
    expect(messages(check(h))[0]).toContain('answered 503 50 ms after it');
  });

  it('holds when the request read before the signal is answered below 500 after it', () => {
    const h = baseline().at(200).signal().handled().at(400).finished('A').answered('A').exit(0);
    expect(check(h)).toEqual({ verdict: 'holds' });
  });

  it('takes a route to be its method and path without the query', () => {
    const q = scenario([{ kind: 'keep-alive', id: 'K', at: 0, requests: [{ at: 0, path: '/slow?ms=1' }] }, { kind: 'slow', id: 'A', at: 0, latencyMs: 400 }], { signalAt: 200 });
    const h = history().listening().handler()
      .at(0).sent('K', 0, '/slow?ms=1').open('K').started('K', 0, '/slow?ms=1').finished('K').answered('K')
      .sent('A', 0, '/slow?ms=400').open('A').started('A', 0, '/slow?ms=400')
      .at(200).signal().handled()
      .at(400).finished('A', 0, 500).outcome('A', 0, 'complete', { status: 500 });
    expect(messages(check(h, q))[0]).toContain('GET /slow was answered 200 before SIGTERM');
  });

  it('is not exercised by a route that fails before the signal too: the 5xx is not the shutdown\'s', () => {
    const h = history().listening().handler()
      .at(0).sent('K').open('K').started('K').finished('K', 0, 500).outcome('K', 0, 'complete', { status: 500 })
      .sent('A').open('A').started('A')
      .at(200).signal().handled()
      .at(400).finished('A', 0, 500).outcome('A', 0, 'complete', { status: 500 });
    expect(notExercisedReason(check(h))).toBe(
      'request 0 of client A was answered 500 after SIGTERM, but GET / was answered 500 before it too: the route ' +
        'fails without the shutdown',
    );
  });

  it('is not exercised, never holds, when the run cannot tell whether the shutdown caused a 5xx', () => {
    const alone = scenario([{ kind: 'slow', id: 'A', at: 0, latencyMs: 400 }, { kind: 'slow', id: 'B', at: 0, latencyMs: 400 }], { signalAt: 200 });
    const h = history().listening().handler()
      .at(0).sent('A').open('A').started('A').sent('B', 0, '/other').open('B').started('B', 0, '/other')
      .at(200).signal().handled()
      .at(400).finished('A').answered('A').finished('B', 0, 500).outcome('B', 0, 'complete', { status: 500 });
    expect(notExercisedReason(check(h, alone))).toBe(
      'request 0 of client B was answered 500 after SIGTERM, but GET /other got no answer before SIGTERM in this ' +
        'run, so the run cannot tell whether the shutdown caused it',
    );
  });

  it('is not exercised by requests answered before the signal, nor by those read after it', () => {
    const early = scenario([{ kind: 'keep-alive', id: 'K', at: 0, requests: [{ at: 0, path: '/' }] }], { signalAt: 200 });
    const h = history().listening().handler().at(0).sent('K').open('K').started('K').finished('K').answered('K')
      .at(200).signal().handled().exit(0);
    expect(notExercisedReason(check(h, early))).toBe('no request the server had read before SIGTERM was answered after it');
    const late = scenario([{ kind: 'keep-alive', id: 'K', at: 0, requests: [{ at: 0, path: '/' }, { at: 300, path: '/' }] }], { signalAt: 200 });
    const after = history().listening().handler()
      .at(0).sent('K').open('K').started('K').finished('K').answered('K')
      .at(200).signal().handled()
      .at(300).sent('K', 1).started('K', 1).finished('K', 1, 500).outcome('K', 1, 'complete', { status: 500 });
    expect(check(after, late).verdict).toBe('not-exercised');
  });

  it('leaves a request without a status line to in-flight-complete', () => {
    const h = baseline().at(200).signal().handled().outcome('A', 0, 'reset-before-response').exit(0);
    expect(check(h).verdict).toBe('not-exercised');
  });

  describe('under the kubernetes profile (drain delay 1000 ms)', () => {
    const k = { ...s, profile: 'kubernetes' as const };
    const drain = { drainDelayMs: 1_000 };
    const readInDrain = (at: number) =>
      history().listening().handler()
        .at(0).sent('K').open('K').started('K').finished('K').answered('K')
        .at(200).signal().handled()
        .at(at).sent('A').open('A').started('A');

    it('judges a request read inside the drain delay', () => {
      const h = readInDrain(700).at(900).finished('A', 0, 500).outcome('A', 0, 'complete', { status: 500 });
      expect(messages(check(h, k, drain))).toEqual([
        'request 0 of client A was read by the server 500 ms after SIGTERM, inside the 1000 ms drain delay, and answered 500 700 ms after SIGTERM; GET / was answered 200 before SIGTERM',
      ]);
    });

    it('allows it an honest 503 with Connection: close', () => {
      const h = readInDrain(700).at(900).finished('A', 0, 503, true).outcome('A', 0, 'drain-refusal', { status: 503, connectionClose: true });
      expect(check(h, k, drain)).toEqual({ verdict: 'holds' });
    });

    it('does not judge a request read after the drain delay', () => {
      const h = readInDrain(1_300).at(1_400).finished('A', 0, 500).outcome('A', 0, 'complete', { status: 500 });
      expect(check(h, k, drain).verdict).toBe('not-exercised');
    });

    it('leaves the readiness probe alone: failing it is what a shutdown should do', () => {
      const probe = scenario([{ kind: 'http', id: 'P', at: 0, path: '/readyz' }], { signalAt: 200, profile: 'kubernetes' });
      const h = history().listening().handler()
        .at(0).sent('P', 0, '/readyz').open('P').started('P', 0, '/readyz').finished('P').answered('P')
        .at(150).sent('P', 1, '/readyz').started('P', 1, '/readyz')
        .at(200).signal().handled().finished('P', 1, 503).outcome('P', 1, 'complete', { status: 503 });
      expect(check(h, probe, drain).verdict).toBe('not-exercised');
    });
  });

  describe('without an agent', () => {
    it('counts a request written at least the settle time before the signal as read, and names the route by its path', () => {
      const h = history()
        .at(0).sent('K').open('K').answered('K')
        .sent('A').open('A')
        .at(200).signal()
        .at(250).outcome('A', 0, 'complete', { status: 502 }).exit(0);
      expect(messages(check(h))).toEqual([
        'request 0 of client A was fully written 200 ms before SIGTERM and answered 502 50 ms after it; / was answered 200 before SIGTERM',
      ]);
    });
  });

  it('is not exercised when the target exited before the signal was due', () => {
    expect(check(history().listening().at(50).exit(1))).toEqual({
      verdict: 'not-exercised',
      reason: 'no signal was sent: the target exited 150 ms before it was due',
    });
  });
});
