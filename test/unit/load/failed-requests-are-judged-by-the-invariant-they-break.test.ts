import { describe, expect, it } from 'vitest';
import { classifyRequest, type Moments, type RequestFacts } from '../../../src/load/classify.js';

/** A keep-alive request sent at 900 ms on a connection asked for at 0 that served one answer before. */
const base: RequestFacts = {
  kind: 'keep-alive',
  outcome: 'complete',
  sentAt: 900,
  endedAt: 1010,
  attemptAt: 0,
  acceptedBeforeHandler: true,
  reused: true,
  bytesWritten: true,
  responseBegun: true,
  serverRead: true,
};
const moments: Moments = { signalAt: 1000, killAt: null, settleMs: 50 };
const judge = (facts: Partial<RequestFacts>, m: Partial<Moments> = {}) => classifyRequest({ ...base, ...facts }, { ...moments, ...m });

describe('a failed request of a load run is judged by the invariant it breaks', () => {
  it('counts complete answers and 503 drain refusals as answered', () => {
    expect(judge({})).toEqual({ class: 'ok' });
    expect(judge({ outcome: 'drain-refusal' })).toEqual({ class: 'ok' });
  });

  it('blames a failure before the signal on the load itself', () => {
    expect(judge({ outcome: 'reset-mid-response', endedAt: 500 })).toEqual({ class: 'failed', fault: 'before-signal' });
    expect(judge({ outcome: 'refused', endedAt: 500, acceptedBeforeHandler: null })).toEqual({ class: 'failed', fault: 'before-signal' });
    expect(judge({ outcome: 'truncated' }, { signalAt: null })).toEqual({ class: 'failed', fault: 'before-signal' });
  });

  it('counts a request lost unread on a reused connection before the signal as the keep-alive race', () => {
    const lost = { outcome: 'closed-before-response', endedAt: 500, responseBegun: false, serverRead: false } as const;
    expect(judge(lost)).toEqual({ class: 'failed', fault: 'keepalive-race' });
    expect(judge({ ...lost, reused: false })).toEqual({ class: 'failed', fault: 'before-signal' });
    expect(judge({ ...lost, serverRead: true })).toEqual({ class: 'failed', fault: 'before-signal' });
  });

  it("leaves what the harness's SIGKILL cut to deadline alone", () => {
    expect(judge({ outcome: 'reset-mid-response', endedAt: 31_000 }, { killAt: 31_000 })).toEqual({ class: 'failed', fault: 'deadline' });
  });

  it('takes a refusal after the signal as an honest answer', () => {
    expect(judge({ outcome: 'refused', acceptedBeforeHandler: null, attemptAt: 1005, responseBegun: false, serverRead: false })).toEqual({ class: 'ok' });
  });

  it('blames a dropped first request on a connection asked for after the signal on no-accept-then-drop', () => {
    const fresh = { outcome: 'reset-before-response', attemptAt: 1001, reused: false, responseBegun: false, serverRead: false } as const;
    expect(judge({ ...fresh, acceptedBeforeHandler: false })).toEqual({ class: 'failed', fault: 'no-accept-then-drop' });
    expect(judge({ ...fresh, acceptedBeforeHandler: null })).toEqual({ class: 'failed', fault: 'no-accept-then-drop' });
    expect(judge({ ...fresh, serverRead: true })).toEqual({ class: 'failed', fault: 'no-accept-then-drop' });
    // asked for before the signal: not an attempt after it
    expect(judge({ ...fresh, attemptAt: 999, sentAt: 1003, acceptedBeforeHandler: false })).toEqual({ class: 'failed', fault: 'keepalive-race' });
  });

  it("counts a fresh connection the server accepted before its own handler ran, then closed unread, as the keep-alive race", () => {
    const fresh = { outcome: 'closed-before-response', attemptAt: 1001, reused: false, responseBegun: false, serverRead: false } as const;
    expect(judge({ ...fresh, acceptedBeforeHandler: true })).toEqual({ class: 'failed', fault: 'keepalive-race' });
  });

  it('blames a stream cut after it began on stream-clean-end', () => {
    expect(judge({ kind: 'stream', outcome: 'truncated' })).toEqual({ class: 'failed', fault: 'stream-clean-end' });
  });

  it('blames a request the server read, or whose answer began, on in-flight-complete', () => {
    expect(judge({ outcome: 'closed-before-response', responseBegun: false, serverRead: true })).toEqual({
      class: 'failed',
      fault: 'in-flight-complete',
    });
    expect(judge({ outcome: 'reset-mid-response', serverRead: false })).toEqual({ class: 'failed', fault: 'in-flight-complete' });
  });

  it('counts a request lost unread on a connection opened before the signal as the keep-alive race', () => {
    expect(judge({ outcome: 'closed-before-response', responseBegun: false, serverRead: false, sentAt: 1003 })).toEqual({
      class: 'failed',
      fault: 'keepalive-race',
    });
  });

  it('without an agent, takes a request written settleMs before the signal as read', () => {
    const unseen = { outcome: 'reset-before-response', responseBegun: false, serverRead: null } as const;
    expect(judge({ ...unseen, sentAt: 950 })).toEqual({ class: 'failed', fault: 'in-flight-complete' });
    expect(judge({ ...unseen, sentAt: 951 })).toEqual({ class: 'failed', fault: 'keepalive-race' });
    expect(judge({ ...unseen, sentAt: 900, bytesWritten: false })).toEqual({ class: 'failed', fault: 'keepalive-race' });
  });
});
