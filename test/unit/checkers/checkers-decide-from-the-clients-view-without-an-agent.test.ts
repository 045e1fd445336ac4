// Command targets (`--cmd`) have no agent: their histories hold only what the clients, the nemesis and
// the harness saw. Each checker must decide from that view or say why it cannot.
import { describe, expect, it } from 'vitest';
import { checkAll } from '../../../src/checkers/catalogue.js';
import type { HistoryEvent } from '../../../src/history/events.js';
import type { Scenario } from '../../../src/scenario/types.js';
import { history, scenario } from './fixtures.js';

function verdicts(h: { build(): HistoryEvent[] }, s: Scenario): Record<string, string> {
  const report = checkAll(h.build(), s);
  return Object.fromEntries(report.results.map((r) => [r.id, r.verdict.verdict]));
}

function evidence(h: { build(): HistoryEvent[] }, s: Scenario, id: string): string[] {
  const result = checkAll(h.build(), s).results.find((r) => r.id === id);
  if (!result) throw new Error(`no result for ${id}`);
  const v = result.verdict;
  if (v.verdict === 'violated') return v.evidence.map((e) => e.message);
  if (v.verdict === 'unknown' || v.verdict === 'not-applicable') return [v.reason];
  return [];
}

const clients = scenario([
  { kind: 'slow', id: 'A', at: 0, latencyMs: 300 },
  { kind: 'keep-alive', id: 'K', at: 10, requests: [{ at: 10, path: '/' }, { at: 150, path: '/' }] },
  { kind: 'stream', id: 'S', at: 20, chunks: 4, everyMs: 100, sse: false },
  { kind: 'late', id: 'L', at: 200, attempts: [] },
]);

/** A graceful drain, as the clients of a command target see it. */
const graceful = () =>
  history()
    .at(0).sent('A', 0, '/slow?ms=300').open('A')
    .at(10).sent('K').open('K').answered('K')
    .at(20).sent('S', 0, '/stream').open('S')
    .at(100).signal()
    .at(150).sent('K', 1).answered('K', 1, true).ended('K')
    .at(200).connect('L').sent('L').refused('L').outcome('L', 0, 'refused', { bytesWritten: false })
    .at(300).answered('A').ended('A', 'fin', 'client')
    .at(420).answered('S').ended('S', 'fin', 'client')
    .at(430).exit(0)
    .add({ type: 'server-process', at: { kind: 'recipient', command: 'python3 server.py' } });

describe('a history without agent events', () => {
  it('holds every invariant a graceful drain exercises, and says which it did not (readiness does not apply)', () => {
    expect(verdicts(graceful(), clients)).toEqual({
      'in-flight-complete': 'holds',
      'no-shutdown-5xx': 'holds',
      'no-accept-then-drop': 'holds',
      deadline: 'holds',
      'clean-exit': 'holds',
      // no WebSocket client; K's second request went out 50 ms after the signal, on a connection seen quiet
      'websocket-going-away': 'not-exercised',
      'stream-clean-end': 'holds',
      'drain-connection-close': 'holds',
      'keepalive-race': 'not-exercised',
      readiness: 'not-applicable',
      'signal-reaches-server': 'holds',
      // no h2 client
      'http2-goaway': 'not-exercised',
    });
  });

  it('finds a request written before the signal and cut by an exit at once (in-flight-complete)', () => {
    const h = history()
      .at(0).sent('A', 0, '/slow?ms=300').open('A')
      .at(20).sent('S', 0, '/stream').open('S')
      .at(100).signal().outcome('A', 0, 'closed-before-response').ended('A')
      .outcome('S', 0, 'truncated', { status: 200 }).ended('S').exit(0);
    const v = verdicts(h, clients);
    expect(v['in-flight-complete']).toBe('violated');
    expect(v['stream-clean-end']).toBe('violated');
    expect(v['clean-exit']).toBe('holds');
    expect(evidence(h, clients, 'in-flight-complete')).toEqual([
      'request 0 of client A was fully written 100 ms before SIGTERM and was closed (FIN) before any response at that same moment, though it would have finished within the grace period',
    ]);
  });

  it('counts a connection the server answered or ended with FIN after the signal as accepted (no-accept-then-drop)', () => {
    // A connection still queued in the listen backlog is only ever reset: a FIN means the server had it.
    const h = history()
      .at(100).signal()
      .at(200).sent('L').open('L').outcome('L', 0, 'closed-before-response').ended('L')
      .at(300).exit(0);
    expect(evidence(h, clients, 'no-accept-then-drop')).toEqual([
      'request 0 of client L went out on a connection opened 100 ms after SIGTERM that the server accepted, and was closed (FIN) before any response 100 ms after SIGTERM',
    ]);
  });

  it('counts a connection reset while a later one still connected as accepted and dropped (no-accept-then-drop)', () => {
    const s = scenario([{ kind: 'late', id: 'L', at: 200, attempts: [250] }]);
    const h = history()
      .at(100).signal()
      .at(200).sent('L').open('L').outcome('L', 0, 'reset-before-response').ended('L', 'rst')
      .at(250).connect('L').sent('L', 1).connected('L').answered('L', 1, true).ended('L')
      .at(300).exit(0);
    expect(evidence(h, s, 'no-accept-then-drop')).toEqual([
      'request 0 of client L went out on a connection opened 100 ms after SIGTERM that the server accepted, and was reset before any response 100 ms after SIGTERM while the target was still listening (client L opened a connection 150 ms after SIGTERM), so no listener\'s close reset it',
    ]);
  });

  it('says it cannot tell a reset before any response from a reset out of the listen backlog (no-accept-then-drop)', () => {
    const h = history()
      .at(100).signal()
      .at(200).sent('L').open('L').outcome('L', 0, 'reset-before-response').ended('L', 'rst')
      .at(300).exit(0);
    expect(verdicts(h, clients)['no-accept-then-drop']).toBe('unknown');
    expect(evidence(h, clients, 'no-accept-then-drop')).toEqual([
      'request 0 of client L, on a connection opened 100 ms after SIGTERM, was reset before any response 100 ms after SIGTERM: without an agent the history cannot tell whether the target accepted the connection and dropped it, or the kernel reset it from the listen backlog as the listener closed',
    ]);
  });

  it('judges the exit by its code and the harness SIGKILL alone (clean-exit, deadline)', () => {
    const crashed = history().at(0).open('K').at(100).signal().at(150).ended('K').exit(1);
    expect(verdicts(crashed, clients)['clean-exit']).toBe('violated');
    const overstayed = history().at(0).open('K').at(100).signal().at(10_100).kill().ended('K', 'rst').exit(null, 'SIGKILL');
    const v = verdicts(overstayed, clients);
    expect(v.deadline).toBe('violated');
    // the SIGKILL is deadline's; the target never showed how it exits on its own
    expect(v['clean-exit']).toBe('not-exercised');
  });

  it('says keepalive-race is unknown, and why, when a request on a reused connection is lost', () => {
    const h = history()
      .at(10).sent('K').open('K').answered('K')
      .at(100).signal()
      .at(150).sent('K', 1).outcome('K', 1, 'reset-before-response').ended('K', 'rst')
      .at(200).exit(0);
    expect(verdicts(h, clients)['keepalive-race']).toBe('unknown');
    expect(evidence(h, clients, 'keepalive-race')[0]).toContain('without an agent the history cannot tell whether the server read it');
  });

  it('does not count a request written after the signal on a kept connection as in flight without a response begun', () => {
    const h = history()
      .at(10).sent('K').open('K').answered('K')
      .at(100).signal()
      .at(150).sent('K', 1).outcome('K', 1, 'closed-before-response').ended('K')
      .at(200).exit(0);
    expect(verdicts(h, clients)['in-flight-complete']).toBe('not-exercised');
  });
});
