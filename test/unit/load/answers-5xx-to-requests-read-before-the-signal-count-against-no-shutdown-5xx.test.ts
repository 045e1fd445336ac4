import { describe, expect, it } from 'vitest';
import { summarize } from '../../../src/load/summary.js';
import { LoadTally } from '../../../src/load/tally.js';
import { facts, request, row, started } from './fixtures.js';

/**
 * A tally whose target has an agent and a handler: the server reads `readBefore` before the signal at
 * 1000 ms, and its handler runs at once.
 */
function signalled(readBefore = ['k1#1']): LoadTally {
  const tally = new LoadTally(50, [1001]);
  tally.agentEvent({ hr: 0, kind: 'event', type: 'listening', listener: 0, port: 1, upgrade: false });
  // the fast route works before the signal
  tally.result(request('k0#0', { sentAt: 100, endedAt: 101, status: 200 }));
  for (const key of readBefore) tally.agentEvent(started(key));
  tally.markSignal(1000, 0);
  tally.agentEvent({ hr: 0, kind: 'event', type: 'signal-handled', signal: 'SIGTERM' });
  return tally;
}

describe('no-shutdown-5xx in a load run', () => {
  it('counts a request read before the handler ran and answered 500 after the signal, on a kind served before it', () => {
    const tally = signalled();
    tally.result(request('k1#1', { sentAt: 990, endedAt: 1005, status: 500 }));
    // read after the handler ran: a 503 to new work during the drain is not counted
    tally.agentEvent(started('k2#1'));
    tally.result(request('k2#1', { sentAt: 1001, endedAt: 1006, status: 503, outcome: 'drain-refusal', connectionClose: true }));
    tally.exitAt = 1020;
    const t = tally.totals();
    expect(t).toMatchObject({ readBeforeAnsweredAfter: 1, shutdown5xx: 1, unattributed5xx: 0 });
    const summary = summarize(t, facts);
    expect(row(summary.invariants, 'no-shutdown-5xx')).toMatchObject({
      severity: 'error',
      verdict: 'violated',
      count: 1,
      of: 1,
      text: '1 of 1 request read before the signal was answered 5xx after it, though the route answered below 500 before it',
    });
    expect(summary.verdict).toBe('fail');
    // An answer is not a failed request: the fault classes do not count it.
    expect(Object.values(t.faults).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('holds when the requests read before the signal are answered below 500', () => {
    const tally = signalled();
    tally.result(request('k1#1', { sentAt: 990, endedAt: 1005, status: 200 }));
    tally.exitAt = 1020;
    expect(row(summarize(tally.totals(), facts).invariants, 'no-shutdown-5xx')).toMatchObject({
      verdict: 'holds',
      count: 0,
      of: 1,
      text: 'no request read before the signal was answered 5xx after it (1 answered after the signal)',
    });
  });

  it('does not count a 5xx of a kind that got no answer before the signal, and says so', () => {
    const tally = signalled(['s0#1']);
    tally.result(request('s0#1', { kind: 'slow', sentAt: 990, endedAt: 1500, status: 500 }));
    tally.exitAt = 1600;
    const invariant = row(summarize(tally.totals(), facts).invariants, 'no-shutdown-5xx');
    expect(invariant).toMatchObject({ verdict: 'holds', count: 0 });
    expect(invariant?.text).toContain('1 other 5xx answer on a route with no answer before the signal cannot be told from a failing route');
  });

  it('without an agent, counts a request sent at least the settle time before the signal as read', () => {
    const tally = new LoadTally(50, [1001]);
    tally.result(request('k0#0', { sentAt: 100, endedAt: 101, status: 200 }));
    tally.markSignal(1000, 0);
    tally.result(request('k1#1', { sentAt: 950, endedAt: 1005, status: 502 }));
    tally.result(request('k2#1', { sentAt: 951, endedAt: 1005, status: 502 }));
    expect(tally.totals()).toMatchObject({ readBeforeAnsweredAfter: 1, shutdown5xx: 1 });
  });

  it('is not applicable when no signal was sent', () => {
    const tally = new LoadTally(50, [1001]);
    expect(row(summarize(tally.totals(), facts).invariants, 'no-shutdown-5xx')?.verdict).toBe('not-applicable');
  });
});
