import { describe, expect, it } from 'vitest';
import { http2Goaway } from '../../../src/checkers/http2-goaway.js';
import type { Outcome } from '../../../src/history/events.js';
import { history, messages, options, reason, scenario, type HistoryBuilder } from './fixtures.js';

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
const check = (h: HistoryBuilder) => http2Goaway.check(h.build(), s, options(s));
const goaway = (h: HistoryBuilder, lastStreamId: number, code = 0) => h.add({ type: 'goaway-received', client: 'H', code, lastStreamId });
const stream = (h: HistoryBuilder, request: number, streamId: number) => h.add({ type: 'request-sent', client: 'H', request, path: '/', streamId });
const streamEnd = (h: HistoryBuilder, request: number, outcome: Outcome, rstCode?: number) =>
  h.add({ type: 'request-outcome', client: 'H', request, outcome, bytesWritten: true, ...(rstCode !== undefined ? { rstCode } : {}) });

/** H's session opens at 10 with stream 1 (slow) and stream 3 (answered at 20); the signal goes at 100 */
const openAtSignal = () => {
  const h = history().listening().handler().at(10).open('H');
  stream(h, 0, 1);
  stream(h.at(20), 1, 3);
  h.answered('H', 1);
  return h.at(100).signal().handled();
};

describe('http2-goaway', () => {
  it('holds when the session gets GOAWAY, its taken stream is answered, and a stream after it is refused', () => {
    const h = goaway(openAtSignal(), 3);
    stream(h.at(150), 2, 5);
    streamEnd(h, 2, 'stream-refused', 7);
    h.at(210).answered('H', 0);
    goaway(h, 3).ended('H').exit(0);
    expect(check(h)).toEqual({ verdict: 'holds' });
  });

  it('holds when the client did not send a stream because it had seen the GOAWAY', () => {
    const h = goaway(openAtSignal(), 3).at(150).sent('H', 2).outcome('H', 2, 'stream-refused', { bytesWritten: false });
    h.at(210).answered('H', 0).ended('H').exit(0);
    expect(check(h)).toEqual({ verdict: 'holds' });
  });

  it('is violated by a session whose connection ends with no GOAWAY', () => {
    const h = openAtSignal().at(210).answered('H', 0).at(220).ended('H').exit(0);
    expect(messages(check(h))).toEqual(['the HTTP/2 session of client H ended 120 ms after SIGTERM with FIN from the server and no GOAWAY before it']);
  });

  it('is violated by a session still open with no GOAWAY at the SIGKILL', () => {
    const h = openAtSignal().at(30_100).kill().ended('H', 'rst').exit(null, 'SIGKILL');
    expect(messages(check(h))[0]).toContain('no GOAWAY');
  });

  it('is violated by a stream within the last stream id that is cut (session.destroy())', () => {
    const h = goaway(openAtSignal(), 3);
    streamEnd(h, 0, 'closed-before-response').ended('H').exit(0);
    expect(messages(check(h))).toEqual([
      'request 0 of client H, on HTTP/2 stream 1, has id 1, within the last stream id 3 of the GOAWAY at the moment of SIGTERM, and was closed (FIN) before any response at the moment of SIGTERM',
    ]);
  });

  it('is violated by a stream within the last stream id that the server resets with an error code', () => {
    const h = goaway(openAtSignal(), 3);
    streamEnd(h.at(150), 0, 'reset-before-response', 8).at(200).ended('H').exit(0);
    expect(messages(check(h))[0]).toContain('stream error code 8');
  });

  it('is violated by a stream opened after the GOAWAY that is taken and then dropped', () => {
    const h = goaway(openAtSignal(), 2_147_483_647);
    stream(h.at(150), 2, 5);
    h.at(210).answered('H', 0);
    streamEnd(h, 2, 'closed-before-response').ended('H').exit(0);
    expect(messages(check(h))[0]).toContain('was opened after the GOAWAY at the moment of SIGTERM, taken, and was closed (FIN) before any response');
  });

  it('judges streams by the last GOAWAY received: the first of two may promise every stream', () => {
    const h = goaway(openAtSignal(), 2_147_483_647).at(150);
    goaway(h, 3);
    streamEnd(h.at(210), 0, 'complete').ended('H').exit(0);
    expect(check(h)).toEqual({ verdict: 'holds' });
  });

  it('leaves a stream the SIGKILL cut to deadline', () => {
    const h = goaway(openAtSignal(), 3).at(30_100).kill();
    streamEnd(h, 0, 'reset-before-response').ended('H', 'rst').exit(null, 'SIGKILL');
    expect(check(h)).toEqual({ verdict: 'holds' });
  });

  it('is unknown when the history ends with the session open and no GOAWAY', () => {
    expect(reason(check(openAtSignal().at(500)))).toBe('the history ends with the HTTP/2 session of client H open and no GOAWAY received');
  });

  it('is not exercised without a session open at the signal, and says why', () => {
    const before = history().listening().at(10).open('H').at(50).ended('H').at(100).signal();
    expect(check(before)).toEqual({ verdict: 'not-exercised', reason: 'no HTTP/2 session was open at SIGTERM: each opened after it or had ended before it' });
    const none = scenario([{ kind: 'silent', id: 'Q', at: 0 }]);
    const quiet = history().listening().at(10).open('Q').at(100).signal().at(200).ended('Q').exit(0);
    expect(http2Goaway.check(quiet.build(), none, options(none))).toEqual({
      verdict: 'not-exercised',
      reason: 'no HTTP/2 session was open at SIGTERM: the scenario has no h2 client',
    });
  });
});
