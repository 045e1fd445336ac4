import { describe, expect, it } from 'vitest';
import { keepaliveRace } from '../../../src/checkers/keepalive-race.js';
import { history, messages, notExercisedReason, options, reason, scenario } from './fixtures.js';

const s = scenario([
  {
    kind: 'keep-alive',
    id: 'K',
    at: 0,
    requests: [
      { at: 0, path: '/' },
      { at: 50, path: '/' },
      { at: 150, path: '/' },
    ],
  },
]);
const check = (h: ReturnType<typeof history>) => keepaliveRace.check(h.build(), s, options(s));
/** K's requests 0 and 1 are answered on one connection; the signal goes at 100 */
const twoServed = () =>
  history()
    .listening()
    .handler()
    .at(0).sent('K', 0).open('K').started('K', 0).finished('K', 0).answered('K', 0)
    .at(50).sent('K', 1).started('K', 1).finished('K', 1).answered('K', 1)
    .at(100).signal().handled();

describe('keepalive-race', () => {
  it('holds when a request written on the idle connection in the signal\'s own step is read', () => {
    const h = twoServed().sent('K', 2).started('K', 2).finished('K', 2, 200, true).answered('K', 2, true);
    expect(check(h)).toEqual({ verdict: 'holds' });
  });

  it('is not exercised by a request written on a connection the executor had seen open and quiet since the signal', () => {
    const h = twoServed().at(150).sent('K', 2).started('K', 2).finished('K', 2, 200, true).answered('K', 2, true);
    expect(notExercisedReason(check(h))).toBe(
      'no request written on a reused keep-alive connection (2 in all) met the server closing it: the race takes a ' +
        "request written on an idle connection as the signal goes, or one the server's close cut",
    );
  });


  it('is violated when the server closes the idle connection under a written request, with a count and a rate', () => {
    const h = twoServed().at(150).sent('K', 2).outcome('K', 2, 'reset-before-response').ended('K', 'rst');
    expect(messages(check(h))).toEqual([
      '1 of 2 requests written on reused keep-alive connections (50 %) was lost: the server closed the connection before it could answer them',
      'request 2 of client K, written on a reused keep-alive connection 50 ms after SIGTERM, was reset before any response 50 ms after SIGTERM, and the server never read it',
    ]);
  });

  it('counts a request the server read only after it had ended the connection: it could not answer it', () => {
    const h = twoServed().at(150).sent('K', 2).startedAfterEnd('K', 2).outcome('K', 2, 'closed-before-response').ended('K', 'fin');
    expect(messages(check(h))).toEqual([
      '1 of 2 requests written on reused keep-alive connections (50 %) was lost: the server closed the connection before it could answer them',
      'request 2 of client K, written on a reused keep-alive connection 50 ms after SIGTERM, was closed (FIN) before any response 50 ms after SIGTERM, and the server read it only after it had ended the connection',
    ]);
  });

  it('does not count a request the server read (in-flight-complete judges it), though the close crossed it', () => {
    const h = twoServed().at(150).sent('K', 2).started('K', 2).outcome('K', 2, 'reset-before-response');
    expect(check(h)).toEqual({ verdict: 'holds' });
  });

  it('does not count a request whose bytes were not all written', () => {
    const h = twoServed().at(150).sent('K', 2).outcome('K', 2, 'closed-before-response', { bytesWritten: false });
    expect(check(h).verdict).toBe('not-exercised');
  });

  it('does not count a request that went out on a fresh connection', () => {
    const h = twoServed()
      .at(120).ended('K')
      .at(150).sent('K', 2).open('K').outcome('K', 2, 'reset-before-response').ended('K', 'rst');
    expect(check(h).verdict).toBe('not-exercised');
  });

  it('is unknown without an agent when a reused-connection request failed', () => {
    const h = history()
      .at(0).sent('K', 0).open('K').answered('K', 0)
      .at(50).sent('K', 1).answered('K', 1)
      .at(100).signal()
      .at(150).sent('K', 2).outcome('K', 2, 'closed-before-response');
    expect(reason(check(h))).toContain('request 2 of client K');
  });
});
