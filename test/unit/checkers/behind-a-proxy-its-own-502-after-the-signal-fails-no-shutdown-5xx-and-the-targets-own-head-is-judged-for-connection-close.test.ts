import { describe, expect, it } from 'vitest';
import { drainConnectionClose } from '../../../src/checkers/drain-connection-close.js';
import { noShutdown5xx } from '../../../src/checkers/no-shutdown-5xx.js';
import { upstreamReuse } from '../../../src/checkers/proxy-answers.js';
import type { HistoryEvent } from '../../../src/history/events.js';
import { history, messages, options, scenario } from './fixtures.js';

/**
 * Behind a proxy (`--proxy`): K's requests go through it. Request 0 is answered 200 before the signal
 * at 200, over the proxy's upstream connection 1; request 1 comes after it and the proxy answers it
 * itself, with the cause its error log gave.
 */
const s = scenario([{ kind: 'keep-alive', id: 'K', at: 0, requests: [{ at: 0, path: '/' }, { at: 210, path: '/' }] }], { signalAt: 200 });
const check = (events: HistoryEvent[]) => noShutdown5xx.check(events, s, options(s));

function proxied(second: (h: ReturnType<typeof history>) => ReturnType<typeof history>): HistoryEvent[] {
  const h = history().add({ type: 'proxy-in-front', proxy: 'nginx' }).listening().handler().at(0).sent('K').open('K');
  h.add({ type: 'server-request-started', client: 'K', request: 0, method: 'GET', path: '/', upstream: 1 });
  h.finished('K').answered('K').at(200).signal().handled().at(210).sent('K', 1);
  return second(h).build();
}

const proxyAnswer = (status: number, cause: 'upstream-closed' | 'refused' | 'out-of-rotation', error?: string) =>
  ({ type: 'proxy-answered', client: 'K', request: 1, status, cause, ...(error ? { error } : {}) }) as const;

describe('no-shutdown-5xx behind a proxy', () => {
  it('is violated by a 502 the proxy gave because the target closed the pooled connection it reused, which the target never read', () => {
    const events = proxied((h) =>
      h.at(211).add(proxyAnswer(502, 'upstream-closed', 'upstream prematurely closed connection while reading response header from upstream')).outcome('K', 1, 'complete', { status: 502 }),
    );
    expect(messages(check(events))).toEqual([
      'request 1 of client K was answered 502 by the proxy 11 ms after SIGTERM (the target never read it): the proxy answered 502 because the upstream ' +
        'closed the pooled connection as the proxy reused it; nginx logged "upstream prematurely closed connection while reading response header from ' +
        'upstream"; 0 of the 1 requests the target read came over a reused upstream connection',
    ]);
  });

  it('is violated by a 502 the proxy gave because the target refused its connection while it still routed to it', () => {
    const events = proxied((h) =>
      h.at(211).add(proxyAnswer(502, 'refused', 'connect() failed (111: Connection refused) while connecting to upstream')).outcome('K', 1, 'complete', { status: 502 }),
    );
    expect(messages(check(events))[0]).toContain('the proxy answered 502 because the target refused its connection (its listener was closed) while the proxy still routed to it');
  });

  it("holds when the proxy's 503 is its answer once the target was out of rotation: another replica would have taken the request", () => {
    const events = proxied((h) => h.at(211).add(proxyAnswer(503, 'out-of-rotation')).outcome('K', 1, 'complete', { status: 503 }));
    expect(check(events).verdict).not.toBe('violated');
  });

  it('says nothing of whether a command target read the request, which no agent saw', () => {
    const h = history().at(0).sent('K').open('K').finished('K').answered('K').at(200).signal().at(210).sent('K', 1);
    const events = h.at(211).add(proxyAnswer(502, 'upstream-closed', 'upstream prematurely closed connection')).outcome('K', 1, 'complete', { status: 502 }).build();
    expect(messages(check(events))).toEqual([
      'request 1 of client K was answered 502 by the proxy 11 ms after SIGTERM: the proxy answered 502 because the target closed the upstream ' +
        'connection before answering the request; nginx logged "upstream prematurely closed connection"',
    ]);
  });

    it("does not count the proxy's 502 after the operator's stop: a second signal, SIGINT, the target died of", () => {
    // A target with no SIGINT handler killed by the escalating SIGINT, then a request the proxy still
    // routes to it: the 502 is the stop's, as a request that stop cut is (left to deadline).
    const h = history().listening().handler().at(0).sent('K').open('K');
    h.add({ type: 'server-request-started', client: 'K', request: 0, method: 'GET', path: '/', upstream: 1 });
    h.finished('K').answered('K').at(200).signal().handled().at(205).signal('SIGINT', 2).at(206).exit(null, 'SIGINT');
    h.at(210).sent('K', 1).at(211).add(proxyAnswer(502, 'refused', 'connect() failed (111: Connection refused) while connecting to upstream'));
    const escalated = h.outcome('K', 1, 'complete', { status: 502 }).build();
    expect(check(escalated).verdict).not.toBe('violated');
    // The same 502 after a second SIGTERM the target died of is its own: no escalation, no excuse.
    const again = escalated.map((e) => (e.type === 'signal-sent' && e.nth === 2 ? { ...e, signal: 'SIGTERM' } : e.type === 'target-exited' ? { ...e, signal: 'SIGTERM' } : e));
    expect(check(again).verdict).toBe('violated');
  });

    it("does not count the proxy's 502 before the signal: the shutdown had not begun", () => {
    const h = history().listening().handler().at(0).sent('K').open('K');
    h.add({ type: 'server-request-started', client: 'K', request: 0, method: 'GET', path: '/', upstream: 1 });
    h.finished('K').answered('K').at(100).sent('K', 1).add(proxyAnswer(502, 'upstream-closed')).outcome('K', 1, 'complete', { status: 502 }).at(200).signal().handled();
    expect(check(h.build()).verdict).not.toBe('violated');
  });
});

describe('upstreamReuse', () => {
  it('counts the requests the target read over an upstream connection the proxy had used before', () => {
    const read = (request: number, upstream: number): HistoryEvent => ({ type: 'server-request-started', client: 'K', request, method: 'GET', path: '/', upstream, t: request, step: request });
    expect(upstreamReuse([read(0, 1), read(1, 1), read(2, 2), read(3, 1)])).toEqual({ reused: 2, read: 4, connections: 2 });
  });
});

describe('drain-connection-close behind a proxy', () => {
  /** request 1 after the signal reaches the target through the proxy; the proxy never says close to the client */
  const drain = (targetSaysClose: boolean): HistoryEvent[] =>
    proxied((h) => {
      h.at(211).add({ type: 'server-request-started', client: 'K', request: 1, method: 'GET', path: '/', upstream: 1 });
      return h.head('K', 1, { connectionClose: targetSaysClose, afterHandler: true }).finished('K', 1, 200, targetSaysClose).answered('K', 1, false);
    });
  const judge = (events: HistoryEvent[]) => drainConnectionClose.check(events, s, options(s));

  it("judges the target's own head: Connection: close to the proxy holds, though the proxy kept the client's connection", () => {
    expect(judge(drain(true)).verdict).toBe('holds');
  });

  it('is violated when the target kept the upstream connection alive after the signal', () => {
    expect(messages(judge(drain(false)))).toEqual([
      "the 200 response to request 1 of client K, received 11 ms after SIGTERM as the target sent it on the proxy's pooled upstream connection, did not carry Connection: close",
    ]);
  });

  it("leaves out an answer the proxy made itself: no-shutdown-5xx judges it", () => {
    const events = proxied((h) => h.at(211).add(proxyAnswer(502, 'refused')).outcome('K', 1, 'complete', { status: 502, connectionClose: false }));
    expect(judge(events).verdict).not.toBe('violated');
  });
});
