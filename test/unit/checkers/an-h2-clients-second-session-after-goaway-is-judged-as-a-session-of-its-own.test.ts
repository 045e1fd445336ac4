import { describe, expect, it } from 'vitest';
import { http2Goaway } from '../../../src/checkers/http2-goaway.js';
import { inFlightComplete } from '../../../src/checkers/in-flight-complete.js';
import { noAcceptThenDrop } from '../../../src/checkers/no-accept-then-drop.js';
import { HistoryView } from '../../../src/checkers/view.js';
import type { ConnectionEnd, Outcome } from '../../../src/history/events.js';
import { history, messages, options, scenario, type HistoryBuilder } from './fixtures.js';

/**
 * An h2 client (see src/clients/h2.ts) replaces a session told to go away with a new one, numbered in
 * the history, and sends a stream refused unprocessed again there. These literal histories show the
 * view attaching each stream to its own session even while the first is still draining, and the
 * checkers judging the second session: no-accept-then-drop (accepted during the drain, then dropped),
 * http2-goaway (a GOAWAY it got must be kept), in-flight-complete (its streams are not the first
 * session's in-flight ones).
 */
const s = scenario([
  {
    kind: 'h2',
    id: 'H',
    at: 10,
    requests: [
      { at: 10, path: '/slow?ms=200' },
      { at: 20, path: '/' },
      { at: 150, path: '/' },
    ],
  },
]);
const opts = options(s);

const connect = (h: HistoryBuilder, session: number) => h.add({ type: 'client-connect', client: 'H', session });
const connected = (h: HistoryBuilder, session: number) => h.add({ type: 'client-connected', client: 'H', session });
const refused = (h: HistoryBuilder, session: number) => h.add({ type: 'client-refused', client: 'H', session });
const ended = (h: HistoryBuilder, session: number, how: ConnectionEnd = 'fin') =>
  h.add({ type: 'connection-ended', client: 'H', how, by: 'server', session });
const goaway = (h: HistoryBuilder, session: number, lastStreamId: number) =>
  h.add({ type: 'goaway-received', client: 'H', code: 0, lastStreamId, session });
const stream = (h: HistoryBuilder, request: number, session: number, streamId?: number, retry = false) =>
  h.add({
    type: 'request-sent',
    client: 'H',
    request,
    path: '/',
    session,
    ...(streamId !== undefined ? { streamId } : {}),
    ...(retry ? { retry: true as const } : {}),
  });
const streamEnd = (h: HistoryBuilder, request: number, outcome: Outcome, extra: { rstCode?: number; retried?: boolean; status?: number } = {}) =>
  h.add({
    type: 'request-outcome',
    client: 'H',
    request,
    outcome,
    bytesWritten: true,
    ...(extra.status !== undefined ? { status: extra.status, connectionClose: false } : {}),
    ...(extra.rstCode !== undefined ? { rstCode: extra.rstCode } : {}),
    ...(extra.retried ? { retried: true as const } : {}),
  });

/**
 * Session 1 opens at 10 with stream 1 (slow) and stream 3 (answered at 20); the signal goes at 100 and
 * the session gets GOAWAY (last stream 3) at once, the listener closing or not as the test says.
 */
function drained(closeListener: boolean): HistoryBuilder {
  const h = history().listening().handler().at(10);
  connect(h, 1);
  connected(h, 1).accepted('H');
  stream(h, 0, 1, 1).started('H', 0);
  stream(h.at(20), 1, 1, 3).started('H', 1);
  h.answered('H', 1);
  h.at(100).signal().handled();
  if (closeListener) h.listenerClosed();
  return goaway(h, 1, 3);
}

const verdicts = (h: HistoryBuilder) => ({
  'http2-goaway': http2Goaway.check(h.build(), s, opts),
  'no-accept-then-drop': noAcceptThenDrop.check(h.build(), s, opts),
  'in-flight-complete': inFlightComplete.check(h.build(), s, opts),
});

describe("the view of an h2 client's sessions", () => {
  it('attaches each stream, each end and each GOAWAY to the session it names, even while the first still drains', () => {
    const h = drained(false).at(150);
    connect(h, 2);
    connected(h, 2).accepted('H');
    stream(h, 2, 2, 1);
    // Session 1's slow stream is answered and its connection ends after session 2 opened.
    h.at(210).answered('H', 0);
    ended(h, 1);
    streamEnd(h.at(220), 2, 'complete', { status: 200 });
    const view = new HistoryView(h.build(), s);
    const [one, two] = view.attempts;
    expect(view.attempts.map((a) => a.session)).toEqual([1, 2]);
    expect(one?.requests.map((r) => r.request)).toEqual([0, 1]);
    expect(two?.requests.map((r) => r.request)).toEqual([2]);
    expect(one?.ended?.t).toBe(210);
    expect(two?.ended).toBeUndefined();
  });

  it('keeps a retried request as one request: its first try refused on session 1, the retry on session 2', () => {
    const h = drained(false).at(101);
    stream(h, 2, 1, 5);
    streamEnd(h, 2, 'stream-refused', { rstCode: 7, retried: true });
    connect(h, 2);
    connected(h, 2);
    stream(h, 2, 2, 1, true);
    streamEnd(h.at(120), 2, 'complete', { status: 200 });
    const r = new HistoryView(h.build(), s).requests.find((q) => q.request === 2);
    expect(r?.firstTry?.outcome.outcome).toBe('stream-refused');
    expect(r?.firstTry?.attempt?.session).toBe(1);
    expect(r?.attempt?.session).toBe(2);
    expect(r?.sent?.retry).toBe(true);
    expect(r?.outcome?.outcome).toBe('complete');
  });

  it('reads a retry sent before its first try ended in canonical order (same step, same time) the same way', () => {
    const h = drained(false).at(101);
    stream(h, 2, 1, 5);
    connect(h, 2);
    connected(h, 2);
    stream(h, 2, 2, 1, true);
    streamEnd(h, 2, 'stream-refused', { rstCode: 7, retried: true });
    streamEnd(h.at(120), 2, 'complete', { status: 200 });
    const r = new HistoryView(h.build(), s).requests.find((q) => q.request === 2);
    expect([r?.firstTry?.sent?.session, r?.sent?.session, r?.outcome?.outcome]).toEqual([1, 2, 'complete']);
  });
});

describe('the second session, opened during the drain', () => {
  it('holds everywhere when the closed listener refuses it', () => {
    const h = drained(true).at(150);
    connect(h, 2);
    refused(h, 2);
    stream(h, 2, 2);
    streamEnd(h, 2, 'refused');
    h.at(210).answered('H', 0);
    ended(h, 1).exit(0);
    const v = verdicts(h);
    expect(v['no-accept-then-drop']).toEqual({ verdict: 'holds' });
    expect(v['http2-goaway']).toEqual({ verdict: 'holds' });
    expect(v['in-flight-complete']).toEqual({ verdict: 'holds' });
  });

  it('violates no-accept-then-drop when the server accepts it and resets it with its stream unanswered', () => {
    const h = drained(false).at(150);
    connect(h, 2);
    connected(h, 2).accepted('H');
    stream(h, 2, 2, 1);
    streamEnd(h, 2, 'reset-before-response');
    ended(h, 2, 'rst');
    h.at(210).answered('H', 0);
    ended(h, 1).exit(0);
    const v = verdicts(h);
    expect(messages(v['no-accept-then-drop'])).toEqual([
      'request 2 of client H went out on a connection opened 50 ms after SIGTERM that the server accepted, and was reset before any response 50 ms after SIGTERM',
    ]);
    // Session 1 kept its word, and the stream on session 2 was never in flight at the signal.
    expect(v['http2-goaway']).toEqual({ verdict: 'holds' });
    expect(v['in-flight-complete']).toEqual({ verdict: 'holds' });
  });

  it('holds when the server refuses it cleanly with a GOAWAY whose last stream id is 0, before any stream', () => {
    const h = drained(false).at(150);
    connect(h, 2);
    connected(h, 2).accepted('H');
    goaway(h, 2, 0);
    stream(h, 2, 2, 1);
    streamEnd(h, 2, 'stream-refused', { rstCode: 7 });
    ended(h, 2);
    h.at(210).answered('H', 0);
    ended(h, 1).exit(0);
    const v = verdicts(h);
    expect(v['no-accept-then-drop']).toEqual({ verdict: 'holds' });
    expect(v['http2-goaway']).toEqual({ verdict: 'holds' });
  });

  it('violates http2-goaway when its own GOAWAY names a stream the server then resets', () => {
    const h = drained(false).at(150);
    connect(h, 2);
    connected(h, 2).accepted('H');
    stream(h, 2, 2, 1);
    goaway(h.at(160), 2, 1);
    streamEnd(h, 2, 'reset-before-response', { rstCode: 2 });
    ended(h, 2);
    h.at(210).answered('H', 0);
    ended(h, 1).exit(0);
    expect(messages(http2Goaway.check(h.build(), s, opts))).toEqual([
      'request 2 of client H, on HTTP/2 stream 1, has id 1, within the last stream id 1 of the GOAWAY 60 ms after SIGTERM, and was reset before any response 60 ms after SIGTERM (stream error code 2)',
    ]);
  });

  it('is exercise enough for http2-goaway when it got a GOAWAY, though no session was open at the signal', () => {
    const h = history().listening().handler().at(100).signal().handled().at(150);
    connect(h, 1);
    connected(h, 1).accepted('H');
    goaway(h, 1, 0);
    ended(h, 1).exit(0);
    expect(http2Goaway.check(h.build(), s, opts)).toEqual({ verdict: 'holds' });
  });

  it('does not count a retry that session 2 answered as a drop, and names a retry the server dropped as one', () => {
    const h = drained(false).at(150);
    stream(h, 2, 1, 5);
    streamEnd(h, 2, 'stream-refused', { rstCode: 7, retried: true });
    connect(h, 2);
    connected(h, 2).accepted('H');
    stream(h, 2, 2, 1, true);
    streamEnd(h, 2, 'closed-before-response');
    ended(h, 2);
    h.at(210).answered('H', 0);
    ended(h, 1).exit(0);
    expect(messages(noAcceptThenDrop.check(h.build(), s, opts))).toEqual([
      'request 2 of client H (sent again on a new HTTP/2 session, its first stream refused unprocessed) went out on a connection opened 50 ms after SIGTERM that the server accepted, and was closed (FIN) before any response 50 ms after SIGTERM',
    ]);
    expect(http2Goaway.check(h.build(), s, opts)).toEqual({ verdict: 'holds' });
  });

  it('leaves in-flight-complete holding when a stream read before the signal and refused by the GOAWAY is answered on the retry', () => {
    const h = drained(false).at(101);
    streamEnd(h, 0, 'stream-refused', { rstCode: 7, retried: true });
    connect(h, 2);
    connected(h, 2).accepted('H');
    stream(h, 0, 2, 1, true).started('H', 0);
    streamEnd(h.at(300), 0, 'complete', { status: 200 });
    ended(h, 1).exit(0);
    expect(inFlightComplete.check(h.build(), s, opts)).toEqual({ verdict: 'holds' });
  });

  it('violates in-flight-complete when that retry is dropped: the request the server had read never got its answer', () => {
    const h = drained(false).at(101);
    streamEnd(h, 0, 'stream-refused', { rstCode: 7, retried: true });
    connect(h, 2);
    connected(h, 2).accepted('H');
    stream(h, 0, 2, 1, true);
    streamEnd(h.at(120), 0, 'reset-before-response');
    ended(h, 2, 'rst');
    ended(h, 1).exit(0);
    expect(messages(inFlightComplete.check(h.build(), s, opts))).toEqual([
      'request 0 of client H (sent again on a new HTTP/2 session, its first stream refused unprocessed) was read by the server 90 ms before SIGTERM and was reset before any response 20 ms after it',
    ]);
  });
});
