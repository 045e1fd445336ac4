import { describe, expect, it } from 'vitest';
import { deadline } from '../../../src/checkers/deadline.js';
import { inFlightComplete } from '../../../src/checkers/in-flight-complete.js';
import { history, messages, options, reason, scenario } from './fixtures.js';

/** signal at 100, grace 10 s: the grace period ends at 10 100 */
const s = scenario([
  { kind: 'slow', id: 'A', at: 0, latencyMs: 60_000 },
  { kind: 'websocket', id: 'W', at: 10, messages: [] },
]);
const check = (h: ReturnType<typeof history>, sc = s) => deadline.check(h.build(), sc, options(sc));
const signalled = () => history().listening().handler().at(100).signal().handled();

describe('deadline', () => {
  it('holds when the target exits exactly at the end of the grace period', () => {
    expect(check(signalled().at(10_100).exit(0))).toEqual({ verdict: 'holds' });
  });

  it('is violated when the target exits 1 ms after the grace period', () => {
    expect(messages(check(signalled().at(10_101).exit(0)))).toEqual([
      'the target exited 10001 ms after SIGTERM, 1 ms after its 10000 ms grace period ended',
    ]);
  });

  it('is violated by the SIGKILL, and reports each request and connection still open', () => {
    const h = history()
      .listening()
      .handler()
      .at(0).sent('A').open('A').started('A')
      .at(10).open('W').sent('W', 0, '/ws').upgrade('W').outcome('W', 0, 'complete', { status: 101 })
      .at(100).signal().handled().listenerClosed()
      .at(10_100).kill().outcome('A', 0, 'reset-before-response').ended('A', 'rst').wsClosed('W', 1006).ended('W', 'rst').exit(null, 'SIGKILL');
    expect(messages(check(h))).toEqual([
      'the target was still running when the 10000 ms grace period after SIGTERM ran out, and the harness sent SIGKILL',
      'request 0 of client A, read by the server 100 ms before SIGTERM, was still unanswered when SIGKILL came',
      'the WebSocket of client W, open since 90 ms before SIGTERM, was still open when SIGKILL came',
    ]);
  });

  it('is unknown when the history ends with the target running and no SIGKILL', () => {
    expect(reason(check(signalled().at(500)))).toContain('with the target running and no SIGKILL sent');
  });

  it('is not exercised when the target exited before the signal was due', () => {
    expect(check(history().listening().at(40).exit(0))).toEqual({
      verdict: 'not-exercised',
      reason: 'no signal was sent: the target exited 60 ms before it was due',
    });
  });

  it('is unknown when the history has no signal and no exit', () => {
    expect(reason(check(history().listening().at(40)))).toBe('the history has no signal');
  });

  describe('alone judges requests whose natural end is within the tolerance of the grace end', () => {
    // 5 % of 10 s = 500 ms: a request that would end between 9 600 and 10 600 is deadline's alone.
    const atEdge = scenario([{ kind: 'slow', id: 'A', at: 0, latencyMs: 9_600 }]);
    const outside = scenario([{ kind: 'slow', id: 'A', at: 0, latencyMs: 9_599 }]);
    const killed = () =>
      history()
        .listening()
        .handler()
        .at(0).sent('A').open('A').started('A')
        .at(100).signal().handled()
        .at(10_100).kill().outcome('A', 0, 'reset-before-response').exit(null, 'SIGKILL');
    const exitedCuttingIt = () =>
      history()
        .listening()
        .handler()
        .at(0).sent('A').open('A').started('A')
        .at(100).signal().handled()
        .at(9_000).outcome('A', 0, 'reset-before-response').exit(0);

    it('at the edge: a kill is deadline\'s violation, naming the request, and not in-flight-complete\'s', () => {
      expect(messages(check(killed(), atEdge))[1]).toContain('request 0 of client A');
      expect(inFlightComplete.check(killed().build(), atEdge, options(atEdge)).verdict).toBe('not-exercised');
    });

    it('at the edge: an exit in time holds for deadline, and in-flight-complete does not judge the cut', () => {
      expect(check(exitedCuttingIt(), atEdge)).toEqual({ verdict: 'holds' });
      expect(inFlightComplete.check(exitedCuttingIt().build(), atEdge, options(atEdge)).verdict).toBe('not-exercised');
    });

    it('1 ms outside the edge: deadline still holds for an exit in time, and in-flight-complete judges the cut', () => {
      expect(check(exitedCuttingIt(), outside)).toEqual({ verdict: 'holds' });
      expect(inFlightComplete.check(exitedCuttingIt().build(), outside, options(outside)).verdict).toBe('violated');
    });
  });
});
