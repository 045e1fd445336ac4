import { describe, expect, it } from 'vitest';
import { drainConnectionClose } from '../../../src/checkers/drain-connection-close.js';
import { history, messages, notExercisedReason, options, reason, scenario } from './fixtures.js';

const s = scenario([
  { kind: 'keep-alive', id: 'K', at: 0, requests: [{ at: 0, path: '/' }, { at: 150, path: '/' }] },
  { kind: 'http', id: 'A', at: 150, path: '/' },
]);
const check = (h: ReturnType<typeof history>) => drainConnectionClose.check(h.build(), s, options(s));
/** K's first response comes before the signal, without Connection: close, as it should */
const kept = () =>
  history().listening().handler().at(0).sent('K').open('K').started('K').finished('K').answered('K').at(100).signal().handled();

describe('drain-connection-close', () => {
  it('holds when a response after the signal on a keep-alive connection says Connection: close', () => {
    const h = kept().at(150).sent('K', 1).started('K', 1).finished('K', 1, 200, true).answered('K', 1, true).ended('K');
    expect(check(h)).toEqual({ verdict: 'holds' });
  });

  it('is violated when it does not, and names the request', () => {
    const h = kept().at(150).sent('K', 1).started('K', 1).finished('K', 1).answered('K', 1);
    expect(messages(check(h))).toEqual([
      'the 200 response to request 1 of client K, received 50 ms after SIGTERM on a keep-alive connection, did not carry Connection: close',
    ]);
  });

  it('does not judge one-request connections, nor responses before the signal, and is not exercised by them', () => {
    const h = kept().at(150).sent('A').open('A').started('A').finished('A').answered('A');
    expect(notExercisedReason(check(h))).toBe(
      'no response started after SIGTERM on a persistent connection: no keep-alive request was outstanding or sent after it',
    );
  });

  it('does not judge requests that got no response at all, and says so', () => {
    const h = kept().at(150).sent('K', 1).outcome('K', 1, 'reset-before-response');
    expect(notExercisedReason(check(h))).toBe(
      'no response started after SIGTERM on a persistent connection: the keep-alive request 1 of client K was reset ' +
        'before any response 50 ms after SIGTERM and got no status line',
    );
  });

  it('judges a response by when the server fixed its head, after its signal handler ran', () => {
    const h = kept().at(150).sent('K', 1).started('K', 1).head('K', 1, { afterHandler: true }).finished('K', 1).answered('K', 1);
    expect(messages(check(h))).toHaveLength(1);
  });

  it('does not judge a response whose head was fixed before the signal handler ran, though its bytes came after', () => {
    // The head of a response decided before the target knew (a slow write, an answer the agent held, a
    // request read in the signal's own instant before the handler) could not say Connection: close.
    const held = history()
      .listening()
      .handler()
      .at(0).sent('K').open('K').started('K').finished('K').answered('K')
      .at(90).sent('K', 1).started('K', 1).head('K', 1)
      .at(100).signal().handled()
      .at(150).finished('K', 1).answered('K', 1);
    expect(check(held).verdict).toBe('not-exercised');
    const sameInstant = kept().sent('K', 1).started('K', 1).head('K', 1).finished('K', 1).answered('K', 1);
    expect(check(sameInstant).verdict).toBe('not-exercised');
  });

  it('is unknown when a request sent after the signal has no recorded outcome', () => {
    expect(reason(check(kept().at(150).sent('K', 1)))).toContain('request 1 of client K');
  });
});
