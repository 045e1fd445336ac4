import { describe, expect, it } from 'vitest';
import { summarize } from '../../../src/load/summary.js';
import { LoadTally } from '../../../src/load/tally.js';
import { brokenRun, facts, lost, request, row, settings } from './fixtures.js';

describe('a load summary', () => {
  it('counts every failed request under the invariant it breaks', () => {
    const t = brokenRun().totals();
    expect(t.faults).toEqual({
      'before-signal': 0,
      'in-flight-complete': 2,
      'no-accept-then-drop': 0,
      'stream-clean-end': 1,
      'keepalive-race': 2,
      deadline: 0,
    });
    expect(t.outcomes).toMatchObject({ complete: 3, 'closed-before-response': 4, truncated: 1, refused: 1 });
    expect(t.connections).toMatchObject({ attemptsAfterSignal: 1, refusedAfterSignal: 1, acceptedAfterSignal: 0 });
    expect(t.inFlightAtSignal).toBe(3);
    expect(t.requestsBeforeSignal).toBe(2);
    expect(t.websockets).toMatchObject({ openAtSignal: 2, unclean: 1, closes: { '1001': 1, '1006': 1 } });
    expect(t.drainResponses).toBe(1);
    expect(t.drainResponsesKeptAlive).toBe(1);
    expect(t.throughput.failed.reduce((a, b) => a + b, 0)).toBe(5);
  });

  it('fails the run on an error-class count and names them, with a warning left a warning', () => {
    const summary = summarize(brokenRun().totals(), facts);
    expect(summary.verdict).toBe('fail');
    const rows = summary.invariants;
    expect(row(rows, 'in-flight-complete')).toMatchObject({ severity: 'error', verdict: 'violated', count: 2, of: 3 });
    expect(row(rows, 'stream-clean-end')).toMatchObject({ severity: 'error', verdict: 'violated', count: 1 });
    expect(row(rows, 'websocket-going-away')).toMatchObject({
      verdict: 'violated',
      count: 1,
      of: 2,
      text: '1 of 2 WebSockets open at the signal closed without 1001 or 1012 (1001: 1, 1006: 1)',
    });
    expect(row(rows, 'keepalive-race')).toMatchObject({ severity: 'warning', verdict: 'violated', count: 2, of: 8 });
    expect(row(rows, 'drain-connection-close')).toMatchObject({ severity: 'warning', verdict: 'violated', count: 1, of: 1 });
    expect(row(rows, 'deadline')).toMatchObject({ verdict: 'holds', text: 'exited 20 ms after SIGTERM, within the 30 s grace period' });
    expect(row(rows, 'clean-exit')).toMatchObject({ verdict: 'holds', text: 'exit code 0' });
    expect(row(rows, 'no-accept-then-drop')).toMatchObject({ verdict: 'holds', of: 1 });
    expect(summary.shutdown).toMatchObject({ signalAtMs: 1000, exitAtMs: 1020, signalToExitMs: 20, killed: false });
  });

  it('tells a connection accepted during the drain from one the server took before its handler ran', () => {
    const tally = new LoadTally(50, [1001]);
    tally.markSignal(1000, 0);
    // accepted after the signal was sent, but before the target's handler ran
    tally.agentEvent({ hr: 0, kind: 'event', type: 'connection-opened', peerPort: 41_000 });
    tally.agentEvent({ hr: 0, kind: 'event', type: 'signal-handled', signal: 'SIGTERM' });
    tally.agentEvent({ hr: 0, kind: 'event', type: 'connection-opened', peerPort: 42_000 });
    const fresh = { ...lost, reused: false, attemptAt: 1001, sentAt: 1001, endedAt: 1003 };
    tally.result(request('k0#1', { ...fresh, localPort: 41_000 }));
    tally.result(request('k1#1', { ...fresh, localPort: 42_000 }));
    expect(tally.totals().faults).toMatchObject({ 'keepalive-race': 1, 'no-accept-then-drop': 1 });
  });

  it('passes a run whose only failures are warnings, unless strict', () => {
    const tally = new LoadTally(50, [1001]);
    tally.agentEvent({ hr: 0, kind: 'event', type: 'listening', listener: 0, port: 1, upgrade: false });
    tally.markSignal(1000, 0);
    tally.result(request('k0#1', { ...lost, sentAt: 1001, endedAt: 1002 }));
    tally.exitAt = 1100;
    const noWebSockets = { ...settings, split: { 'keep-alive': 8, slow: 1, stream: 1, websocket: 0 } };
    const relaxed = summarize(tally.totals(), { ...facts, settings: noWebSockets });
    expect(relaxed.verdict).toBe('pass');
    expect(row(relaxed.invariants, 'websocket-going-away')?.verdict).toBe('not-applicable');
    expect(summarize(tally.totals(), { ...facts, settings: { ...noWebSockets, strict: true } }).verdict).toBe('fail');
  });

  it('lays what the SIGKILL cut at the deadline and leaves the exit code unjudged', () => {
    const tally = new LoadTally(50, [1001]);
    tally.markSignal(1000, 0);
    tally.killAt = 31_000;
    tally.result(request('s0#1', { kind: 'slow', outcome: 'closed-before-response', responseBegun: false, sentAt: 1500, endedAt: 31_001 }));
    tally.exitAt = 31_002;
    const summary = summarize(tally.totals(), { ...facts, exit: { code: null, signal: 'SIGKILL' } });
    expect(summary.faults.deadline).toBe(1);
    expect(row(summary.invariants, 'deadline')).toMatchObject({
      verdict: 'violated',
      text: 'still running 30 s after SIGTERM: SIGKILL sent; it cut 1 request and 0 WebSockets',
    });
    expect(row(summary.invariants, 'clean-exit')?.verdict).toBe('not-applicable');
    expect(summary.verdict).toBe('fail');
  });

  it('judges the exit code against the allowed set, and a death by the signal sent as clean', () => {
    const tally = new LoadTally(50, [1001]);
    tally.markSignal(1000, 0);
    tally.exitAt = 1010;
    expect(row(summarize(tally.totals(), { ...facts, exit: { code: 1, signal: null } }).invariants, 'clean-exit')).toMatchObject({
      verdict: 'violated',
      text: 'exit code 1, outside 0, 143',
    });
    expect(row(summarize(tally.totals(), { ...facts, exit: { code: null, signal: 'SIGTERM' } }).invariants, 'clean-exit')?.verdict).toBe('holds');
  });

  it('cannot judge a run whose harness failed: verdict error, with the reason', () => {
    const tally = new LoadTally(50, [1001]);
    tally.problem('the harness could not open a connection: connect failed with EADDRNOTAVAIL');
    const summary = summarize(tally.totals(), facts);
    expect(summary.verdict).toBe('error');
    expect(summary.problems).toEqual(['the harness could not open a connection: connect failed with EADDRNOTAVAIL']);
  });
});
