import { describe, expect, it } from 'vitest';
import { streamCleanEnd } from '../../../src/checkers/stream-clean-end.js';
import type { Scenario } from '../../../src/scenario/types.js';
import { history, messages, notExercisedReason, options, reason, scenario } from './fixtures.js';

/** a stream from S, sent at 0, of `chunks` chunks every 100 ms; signal at 100, grace 10 s, tolerance 500 ms */
const stream = (chunks: number): Scenario => scenario([{ kind: 'stream', id: 'S', at: 0, chunks, everyMs: 100, sse: false }]);
const check = (h: ReturnType<typeof history>, s: Scenario) => streamCleanEnd.check(h.build(), s, options(s));
const streaming = () => history().listening().handler().at(0).sent('S').open('S').started('S').at(100).signal().handled();

describe('stream-clean-end', () => {
  it('holds when the stream ends with its final chunk', () => {
    const h = streaming().at(500).finished('S').answered('S');
    expect(check(h, stream(5))).toEqual({ verdict: 'holds' });
  });

  it('holds when the server shortens the stream but ends it cleanly', () => {
    const h = streaming().at(200).finished('S').answered('S');
    expect(check(h, stream(1_000))).toEqual({ verdict: 'holds' });
  });

  it('is violated when the stream is cut mid-body, and names it', () => {
    const h = streaming().at(250).outcome('S', 0, 'truncated', { status: 200 }).ended('S');
    expect(messages(check(h, stream(5)))).toEqual([
      'the stream of request 0 of client S, started 100 ms before SIGTERM, was cut off mid-body (EOF) 150 ms after SIGTERM instead of ending with its final chunk',
    ]);
  });

  it('is violated even for a stream meant to outlast the grace period: its server must end it cleanly', () => {
    const h = streaming().at(1_100).outcome('S', 0, 'reset-mid-response', { status: 200 }).ended('S', 'rst');
    expect(messages(check(h, stream(1_000)))[0]).toContain('request 0 of client S');
  });

  it('leaves to deadline a stream the agent trickles past the grace end: its length is not the server\'s', () => {
    const trickled = () => history().listening().handler().at(0).sent('S', 0, '/', 'stream').open('S').started('S').at(100).signal().handled();
    const h = trickled().at(1_100).outcome('S', 0, 'reset-mid-response', { status: 200 }).ended('S', 'rst');
    expect(check(h, stream(1_000)).verdict).toBe('not-exercised');
    // The same trickle cut before its natural end, within the grace period, is still the server's fault.
    const short = trickled().at(250).outcome('S', 0, 'truncated', { status: 200 }).ended('S');
    expect(check(short, stream(5)).verdict).toBe('violated');
  });

  it('leaves a stream cut by the SIGKILL to deadline, and is not exercised by it', () => {
    const h = streaming().at(10_100).kill().outcome('S', 0, 'reset-mid-response', { status: 200 });
    expect(notExercisedReason(check(h, stream(1_000)))).toBe(
      'the stream of request 0 of client S was mid-body at SIGTERM, but the SIGKILL at the end of the grace period ' +
        'cut it, so deadline alone judges it',
    );
  });

  it('does not judge a stream that never got a response, and is not exercised by it', () => {
    const h = streaming().at(100).outcome('S', 0, 'reset-before-response');
    expect(notExercisedReason(check(h, stream(5)))).toBe(
      'no response was mid-body at SIGTERM: no stream had begun its answer before the signal and not yet ended it',
    );
  });

  it('is not exercised by a stream that ended before the signal, nor by one that began after it', () => {
    const ended = history().listening().handler().at(0).sent('S').open('S').started('S')
      .at(50).finished('S').answered('S').at(100).signal().handled();
    expect(check(ended, stream(0)).verdict).toBe('not-exercised');
    const late = history().listening().handler().at(100).signal().handled()
      .at(150).sent('S').open('S').started('S').at(300).finished('S').answered('S');
    expect(check(late, stream(1)).verdict).toBe('not-exercised');
  });

  it('is unknown when the stream has no recorded outcome', () => {
    expect(reason(check(streaming().at(300), stream(5)))).toContain('request 0 of client S');
  });

  describe('the deadline tolerance: 500 ms either side of the grace end at 10 100', () => {
    // Cut by the server at 300 ms; natural end = chunks × 100.
    const cut = () => streaming().at(300).outcome('S', 0, 'truncated', { status: 200 });

    it('lower edge: a natural end at exactly 9 600 is judged only by deadline', () => {
      expect(check(cut(), stream(96)).verdict).toBe('not-exercised');
    });

    it('lower edge: a natural end at 9 599, 1 ms outside it, is judged', () => {
      const s = scenario([{ kind: 'stream', id: 'S', at: 0, chunks: 1, everyMs: 9_599, sse: false }]);
      expect(messages(check(cut(), s))[0]).toContain('client S');
    });

    it('upper edge: a natural end at exactly 10 600 is judged only by deadline', () => {
      expect(notExercisedReason(check(cut(), stream(106)))).toContain("within 500 ms of the grace period's end");
    });

    it('upper edge: a natural end at 10 601, 1 ms outside it, is judged', () => {
      const s = scenario([{ kind: 'stream', id: 'S', at: 0, chunks: 1, everyMs: 10_601, sse: false }]);
      expect(messages(check(cut(), s))[0]).toContain('client S');
    });
  });
});
