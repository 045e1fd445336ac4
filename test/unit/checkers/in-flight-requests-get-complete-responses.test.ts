import { describe, expect, it } from 'vitest';
import { inFlightComplete } from '../../../src/checkers/in-flight-complete.js';
import { history, messages, notExercisedReason, options, reason, scenario } from './fixtures.js';

const check = (h: ReturnType<typeof history>, s: ReturnType<typeof scenario>) =>
  inFlightComplete.check(h.build(), s, options(s));

/** one slow request from client A, sent at 0; signal at 100, grace 10 s: the grace ends at 10 100, tolerance 500 ms */
const slow = (latencyMs: number) => scenario([{ kind: 'slow', id: 'A', at: 0, latencyMs }]);

/** A is read at 0; the signal goes at 100 */
const readThenSignal = () => history().listening().handler().at(0).sent('A').open('A').started('A').at(100).signal().handled();

describe('in-flight-complete', () => {
  it('holds when a request the server read before the signal completes', () => {
    const h = readThenSignal().at(300).finished('A').answered('A').ended('A', 'fin', 'client').at(310).exit(0);
    expect(check(h, slow(300))).toEqual({ verdict: 'holds' });
  });

  it('is violated when a request the server read before the signal is reset, and says which and when', () => {
    const s = scenario([{ kind: 'http', id: 'B', at: 60, path: '/' }]);
    const h = history()
      .listening()
      .handler()
      .at(60).sent('B').open('B').started('B')
      .at(100).signal().handled()
      .at(112).outcome('B', 0, 'reset-before-response').ended('B', 'rst').exit(0);
    const v = check(h, s);
    expect(messages(v)).toEqual([
      'request 0 of client B was read by the server 40 ms before SIGTERM and was reset before any response 12 ms after it',
    ]);
    if (v.verdict !== 'violated') throw new Error('unreachable');
    expect(v.evidence[0]?.events.map((e) => e.type)).toEqual([
      'client-connect',
      'request-sent',
      'server-request-started',
      'signal-sent',
      'request-outcome',
    ]);
  });

  it('is unknown when an in-flight request has no recorded outcome', () => {
    const h = readThenSignal();
    expect(reason(check(h, slow(300)))).toContain('request 0 of client A');
  });

  it('is not exercised when the target exited before the signal was due', () => {
    const h = history().listening().at(0).sent('A').open('A').started('A').at(50).exit(1);
    expect(check(h, slow(300))).toEqual({
      verdict: 'not-exercised',
      reason: 'no signal was sent: the target exited 50 ms before it was due',
    });
  });

  it('is not exercised by a request the server read and answered before the signal', () => {
    const h = history().listening().handler().at(0).sent('A').open('A').started('A').at(50).finished('A').answered('A')
      .at(100).signal().handled().at(110).exit(0);
    expect(notExercisedReason(check(h, slow(50)))).toBe(
      'no request was in flight at SIGTERM: none the server had received was still unanswered at the signal, and ' +
        'none was read after it on a connection kept open',
    );
  });

  it('counts a 503 with Connection: close as a complete answer', () => {
    const h = readThenSignal().at(120).outcome('A', 0, 'drain-refusal', { status: 503, connectionClose: true });
    expect(check(h, slow(300))).toEqual({ verdict: 'holds' });
  });

  it('leaves a request cut by the SIGKILL at the end of the grace period to deadline, which it does not exercise', () => {
    const h = readThenSignal().at(10_100).kill().outcome('A', 0, 'reset-before-response').exit(null, 'SIGKILL');
    expect(notExercisedReason(check(h, slow(60_000)))).toBe(
      'request 0 of client A was in flight at SIGTERM, but the SIGKILL at the end of the grace period cut it, so ' +
        'deadline alone judges it',
    );
  });

  it('does not excuse a server deadline shorter than the grace period', () => {
    // The request needs 5 s, the grace period is 10 s, the server gives up after 1 s.
    const h = readThenSignal().at(1_100).outcome('A', 0, 'reset-before-response').exit(0);
    const [message] = messages(check(h, slow(5_000)));
    expect(message).toContain('request 0 of client A');
    expect(message).toContain('though it would have finished within the grace period');
  });

  it('is violated when the signal kills a target that never handled it', () => {
    const h = history()
      .listening()
      .at(0).sent('A').open('A').started('A')
      .at(100).signal().outcome('A', 0, 'reset-before-response').ended('A', 'rst').exit(null, 'SIGTERM');
    expect(messages(check(h, slow(300)))[0]).toContain('request 0 of client A');
  });

  describe('the deadline tolerance: max(100 ms, 5 % of grace) = 500 ms before the grace ends at 10 100', () => {
    // Cut by the server at 200 ms, long before the grace period ends.
    const cutEarly = () => readThenSignal().at(200).outcome('A', 0, 'reset-before-response').exit(0);

    it('judges only by deadline a request whose natural end is exactly at the tolerance edge (9 600)', () => {
      expect(notExercisedReason(check(cutEarly(), slow(9_600)))).toBe(
        "request 0 of client A was in flight at SIGTERM, but it would have ended within 500 ms of the grace period's " +
          'end or after it, so deadline alone judges it',
      );
    });

    it('judges a request whose natural end is 1 ms outside the tolerance (9 599)', () => {
      expect(messages(check(cutEarly(), slow(9_599)))[0]).toContain('request 0 of client A');
    });

    it('uses 100 ms when 5 % of the grace period is less', () => {
      const s = scenario([{ kind: 'slow', id: 'A', at: 0, latencyMs: 1_000 }], { graceMs: 1_000 });
      // grace ends at 1 100; 5 % would be 50 ms, the floor is 100: the edge is 1 000.
      expect(notExercisedReason(check(cutEarly(), s))).toContain('within 100 ms of the grace period');
      const inside = scenario([{ kind: 'slow', id: 'A', at: 0, latencyMs: 999 }], { graceMs: 1_000 });
      expect(check(cutEarly(), inside).verdict).toBe('violated');
    });
  });

  describe('requests read after the signal', () => {
    const keepAlive = scenario([
      { kind: 'keep-alive', id: 'K', at: 0, requests: [{ at: 0, path: '/' }, { at: 150, path: '/' }] },
    ]);

    it('are in flight on a connection the server kept open', () => {
      const h = history()
        .listening()
        .handler()
        .at(0).sent('K').open('K').started('K').finished('K').answered('K')
        .at(100).signal().handled()
        .at(150).sent('K', 1).started('K', 1).outcome('K', 1, 'reset-before-response').ended('K', 'rst');
      expect(messages(check(h, keepAlive))).toEqual([
        'request 1 of client K was read by the server 50 ms after SIGTERM on a connection opened before it, and was reset before any response 50 ms after SIGTERM',
      ]);
    });

    it('are not in flight when the server read them only after it had ended the connection (keepalive-race judges those)', () => {
      const h = history()
        .listening()
        .handler()
        .at(0).sent('K').open('K').started('K').finished('K').answered('K')
        .at(100).signal().handled()
        .at(150).sent('K', 1).startedAfterEnd('K', 1).outcome('K', 1, 'closed-before-response').ended('K');
      expect(check(h, keepAlive).verdict).toBe('not-exercised');
    });

    it('exercise the invariant when the server answers them', () => {
      const h = history()
        .listening()
        .handler()
        .at(0).sent('K').open('K').started('K').finished('K').answered('K')
        .at(100).signal().handled()
        .at(150).sent('K', 1).started('K', 1).finished('K', 1, 200, true).answered('K', 1, true).ended('K');
      expect(check(h, keepAlive)).toEqual({ verdict: 'holds' });
    });

    it('are not judged here on a connection opened after the signal', () => {
      const s = scenario([{ kind: 'late', id: 'L', at: 150, attempts: [] }]);
      const h = history()
        .listening()
        .at(100).signal()
        .at(150).sent('L').open('L').started('L').outcome('L', 0, 'reset-before-response');
      expect(check(h, s).verdict).toBe('not-exercised');
    });
  });

  describe('without an agent (no listening events)', () => {
    const s = scenario([{ kind: 'http', id: 'A', at: 0, path: '/' }]);
    const commandRun = (sentAt: number, bytesWritten = true) =>
      history()
        .at(sentAt).sent('A').open('A')
        .at(100).signal()
        .at(120).outcome('A', 0, 'reset-before-response', { bytesWritten }).exit(0);

    it('judges a request fully written at least the settle time (50 ms) before the signal', () => {
      expect(messages(check(commandRun(50), s))).toEqual([
        'request 0 of client A was fully written 50 ms before SIGTERM and was reset before any response 20 ms after it',
      ]);
    });

    it('holds when such a request is answered after the signal', () => {
      const h = history().at(50).sent('A').open('A').at(100).signal().at(120).answered('A').exit(0);
      expect(check(h, s)).toEqual({ verdict: 'holds' });
    });

    it('does not judge a request written less than the settle time before the signal', () => {
      expect(check(commandRun(51), s).verdict).toBe('not-exercised');
    });

    it('does not judge a request whose bytes were not all written', () => {
      expect(check(commandRun(0, false), s).verdict).toBe('not-exercised');
    });

    it('is unknown when such a request has no outcome', () => {
      const h = history().at(0).sent('A').open('A').at(100).signal();
      expect(reason(check(h, s))).toContain('request 0 of client A');
    });
  });

  it('is unknown when the watchdog cut the run short, unless a violation is already proven', () => {
    const h = readThenSignal().at(300).finished('A').answered('A').watchdog('no progress');
    expect(reason(check(h, slow(300)))).toContain('no progress');
  });
});

it('says when a request was cut at the very moment of the signal', () => {
  const s = scenario([{ kind: 'http', id: 'B', at: 60, path: '/' }]);
  const h = history()
    .listening()
    .handler()
    .at(60).sent('B').open('B').started('B')
    .at(100).signal().handled().outcome('B', 0, 'closed-before-response').exit(0);
  expect(messages(inFlightComplete.check(h.build(), s, options(s)))).toEqual([
    'request 0 of client B was read by the server 40 ms before SIGTERM and was closed (FIN) before any response at that same moment',
  ]);
});

describe('a second signal', () => {
  const s = scenario([{ kind: 'slow', id: 'A', at: 0, latencyMs: 3_000 }]);
  const withSecond = (signal: 'SIGINT' | 'SIGTERM') => ({ ...s, secondSignal: { signal, at: 200 } });

  it('other than the first, that killed a target without a handler for it, leaves what it cut to deadline', () => {
    const h = readThenSignal().at(200).signal('SIGINT', 2).at(201).outcome('A', 0, 'closed-before-response').ended('A').exit(null, 'SIGINT');
    expect(notExercisedReason(check(h, withSecond('SIGINT')))).toContain('the second signal, SIGINT, ended the target');
  });

  it('the same as the first (a handler registered with once) does not excuse what it cut', () => {
    const h = readThenSignal().at(200).signal('SIGTERM', 2).at(201).outcome('A', 0, 'closed-before-response').ended('A').exit(null, 'SIGTERM');
    expect(check(h, withSecond('SIGTERM')).verdict).toBe('violated');
  });
});
