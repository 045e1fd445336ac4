import { describe, expect, it } from 'vitest';
import { checkAll } from '../../src/checkers/catalogue.js';
import type { HistoryEvent } from '../../src/history/events.js';
import { executeScenario } from '../../src/run/executor.js';
import type { Scenario } from '../../src/scenario/types.js';
import { fixturePath, scenarioPath, STARTUP_TIMEOUT_MS } from '../support/processes.js';

/**
 * Real HTTP/2 servers and a real h2 client that behaves as browsers, undici, grpc and Go's transport
 * do after a GOAWAY: a stream due after it goes on a new session, and a stream the GOAWAY refused
 * unprocessed is sent again there (RFC 9113 §6.8, §8.7). The second session is what a server that
 * still listens during its drain meets: it must answer it or refuse it cleanly, never accept it and
 * drop it.
 *
 * One session: a fast stream (1) answered before the signal, a slow one (3) in flight at it, and a
 * stream due 300 ms after it. test/fixtures/h2-drain/goaway-then-keeps-listening.js answers GOAWAY
 * with last stream id 1 and refuses stream 3 unprocessed, keeps listening, and treats the new session
 * as NEW_SESSIONS says.
 */
const scenario: Scenario = {
  clients: [
    {
      kind: 'h2',
      id: 'H',
      at: 0,
      requests: [
        { at: 0, path: '/' },
        { at: 10, path: '/slow?ms=1500' },
        { at: 1_300, path: '/' },
      ],
    },
  ],
  signal: 'SIGTERM',
  signalAt: 1_000,
  graceMs: 30_000,
  profile: 'immediate',
};

async function run(entry: string, env: Record<string, string> = {}) {
  const result = await executeScenario(scenario, {
    entry,
    startupTimeoutMs: STARTUP_TIMEOUT_MS,
    routes: { slow: '/slow?ms={ms}' },
    env: { ...process.env, ...env },
  });
  expect(result.run).toEqual({ status: 'completed' });
  const verdicts = Object.fromEntries(checkAll(result.history, scenario).results.map((r) => [r.id, r.verdict.verdict]));
  const of = <T extends HistoryEvent['type']>(type: T) => result.history.filter((e): e is Extract<HistoryEvent, { type: T }> => e.type === type);
  return { verdicts, of };
}

const keepsListening = fixturePath('h2-drain/goaway-then-keeps-listening.js');

describe('a server that keeps listening through its drain', () => {
  it('meets the new session with the refused stream sent again on it and the late stream, and answers both: every check holds', async () => {
    const { verdicts, of } = await run(keepsListening, { NEW_SESSIONS: 'serve' });
    // goaway(), then close(): the client reads one GOAWAY or more before it closes its side, each naming stream 1.
    const goaways = of('goaway-received');
    expect(goaways.length).toBeGreaterThan(0);
    expect(goaways.every((g) => g.session === 1 && g.lastStreamId === 1 && g.t === 1_000)).toBe(true);
    // Stream 3 is refused by the GOAWAY and sent again at once on session 2, opened for it.
    expect(of('client-connect').map((e) => [e.session, e.t])).toEqual([
      [1, 0],
      [2, 1_000],
    ]);
    expect(of('request-sent').map((e) => [e.request, e.session, e.streamId, e.retry ?? false])).toEqual([
      [0, 1, 1, false],
      [1, 1, 3, false],
      [1, 2, 1, true],
      [2, 2, 3, false],
    ]);
    expect(of('request-outcome').map((e) => [e.request, e.outcome, e.retried ?? false])).toEqual([
      [0, 'complete', false],
      [1, 'stream-refused', true],
      [2, 'complete', false],
      [1, 'complete', false],
    ]);
    expect(verdicts).toMatchObject({
      'http2-goaway': 'holds',
      'in-flight-complete': 'holds',
      'no-accept-then-drop': 'holds',
      deadline: 'holds',
      'clean-exit': 'holds',
    });
  });

  it('accepts the new session and drops it unanswered: no-accept-then-drop is violated, and the in-flight request is lost', async () => {
    const { verdicts, of } = await run(keepsListening, { NEW_SESSIONS: 'reset' });
    // Session 2 is dropped under the retry; the late stream finds no session it may use and opens a third.
    expect(of('client-connected').map((e) => e.session)).toEqual([1, 2, 3]);
    expect(of('request-outcome').filter((e) => e.retried)).toMatchObject([{ request: 1, outcome: 'stream-refused', rstCode: 7 }]);
    // The retry went out on session 2 and the late stream on session 3, each accepted and destroyed.
    const final = of('request-outcome').filter((e) => !e.retried);
    expect(final.map((e) => [e.request, e.outcome === 'complete'])).toEqual([
      [0, true],
      [1, false],
      [2, false],
    ]);
    expect(verdicts['no-accept-then-drop']).toBe('violated');
    expect(verdicts['in-flight-complete']).toBe('violated');
    expect(verdicts['http2-goaway']).toBe('holds');
  });

  it('refuses the new session with a GOAWAY before any stream: no-accept-then-drop holds', async () => {
    const { verdicts, of } = await run(keepsListening, { NEW_SESSIONS: 'refuse' });
    const later = of('goaway-received').filter((g) => (g.session ?? 1) > 1);
    expect(later.length).toBeGreaterThan(0);
    expect(later.every((g) => g.lastStreamId === 0)).toBe(true);
    // Every stream sent on a session opened during the drain was refused unprocessed.
    const afterFirst = of('request-outcome').filter((e) => e.request !== 0);
    expect(afterFirst.every((e) => e.outcome === 'stream-refused')).toBe(true);
    expect(verdicts).toMatchObject({ 'no-accept-then-drop': 'holds', 'http2-goaway': 'holds' });
  });
});

describe('scenarios/http2-goaway.js (reference: serves its drain, then stops listening)', () => {
  it('refuses the new session the stream due after its GOAWAY opens, at the closed listener', async () => {
    const { verdicts, of } = await run(scenarioPath('http2-goaway.js'));
    expect(of('client-connect').map((e) => [e.session, e.t])).toEqual([
      [1, 0],
      [2, 1_300],
    ]);
    expect(of('client-refused')).toMatchObject([{ session: 2 }]);
    expect(verdicts).toMatchObject({ 'http2-goaway': 'holds', 'in-flight-complete': 'holds', 'no-accept-then-drop': 'holds' });
  });
});
