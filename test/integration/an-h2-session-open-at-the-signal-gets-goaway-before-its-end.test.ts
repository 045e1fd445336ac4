import { describe, expect, it } from 'vitest';
import { checkAll } from '../../src/checkers/catalogue.js';
import type { HistoryEvent } from '../../src/history/events.js';
import { executeScenario } from '../../src/run/executor.js';
import type { Scenario } from '../../src/scenario/types.js';
import { scenarioPath, STARTUP_TIMEOUT_MS } from '../support/processes.js';
import { namedScenario } from '../support/strategy-catalogue.js';

/**
 * Real HTTP/2 servers, in clear text and over TLS, and a real h2 client: a slow stream (1) taken
 * before the signal, a fast one (3), and a stream due 300 ms after the signal. The reference tells the
 * session to go away and keeps its word; the strategy that drains HTTP/2 as HTTP/1.1 (server.close(),
 * then exit) never sends a GOAWAY on Node 20.
 */
const scenario: Scenario = namedScenario('h2-streams-at-signal');

async function run(file: string) {
  const result = await executeScenario(scenario, { entry: scenarioPath(file), startupTimeoutMs: STARTUP_TIMEOUT_MS, routes: { slow: '/slow?ms={ms}' } });
  expect(result.run).toEqual({ status: 'completed' });
  const verdicts = Object.fromEntries(checkAll(result.history, scenario).results.map((r) => [r.id, r.verdict.verdict]));
  const of = <T extends HistoryEvent['type']>(type: T) => result.history.filter((e): e is Extract<HistoryEvent, { type: T }> => e.type === type);
  return { result, verdicts, of };
}

describe.each(['http2-goaway.js', 'http2-tls.js'])('%s (reference)', (file) => {
  it('sends the open session a GOAWAY naming the streams it took, answers them, and refuses the new session the stream due after it opens', async () => {
    const { verdicts, of } = await run(file);
    const [goaway] = of('goaway-received');
    expect(goaway).toMatchObject({ client: 'H', code: 0, lastStreamId: 3, t: 1_000 });
    expect(of('request-sent').map((e) => [e.streamId, e.session])).toEqual([
      [1, 1],
      [3, 1],
      [undefined, 2],
    ]);
    // The stream due after the GOAWAY is not sent on the session told to go away: the client opens a
    // second one, which the closed listener refuses.
    expect(of('client-connect').map((e) => [e.session, e.t])).toEqual([
      [1, 0],
      [2, 1_300],
    ]);
    expect(of('client-refused')).toMatchObject([{ session: 2, t: 1_300 }]);
    expect(of('request-outcome').map((e) => [e.request, e.outcome])).toEqual([
      [1, 'complete'],
      [2, 'refused'],
      [0, 'complete'],
    ]);
    // The connection ends after the GOAWAY, once the stream it took has its answer.
    const ended = of('connection-ended')[0];
    expect(ended).toMatchObject({ how: 'fin', by: 'server', t: 1_500 });
    expect(verdicts).toMatchObject({
      'http2-goaway': 'holds',
      'in-flight-complete': 'holds',
      'no-accept-then-drop': 'holds',
      deadline: 'holds',
      'clean-exit': 'holds',
    });
  });
});

describe('http2-close-then-exit.js (broken)', () => {
  it('ends the session with FIN and no GOAWAY: http2-goaway is violated, and nothing else', async () => {
    const { verdicts, of } = await run('http2-close-then-exit.js');
    expect(of('goaway-received')).toEqual([]);
    // server.close() leaves the session taking streams: the one opened after the signal is answered.
    expect(of('request-outcome').map((e) => e.outcome)).toEqual(['complete', 'complete', 'complete']);
    expect(verdicts['http2-goaway']).toBe('violated');
    expect(Object.entries(verdicts).filter(([, v]) => v === 'violated')).toEqual([['http2-goaway', 'violated']]);
  });
});

describe('https-reference.js', () => {
  it('answers a keep-alive request busy at the signal over TLS in full, with Connection: close', async () => {
    const https: Scenario = { ...scenario, clients: [{ kind: 'https', id: 'K', at: 0, requests: [{ at: 0, path: '/slow?ms=1500' }] }] };
    const result = await executeScenario(https, { entry: scenarioPath('https-reference.js'), startupTimeoutMs: STARTUP_TIMEOUT_MS });
    const outcome = result.history.find((e) => e.type === 'request-outcome');
    expect(outcome).toMatchObject({ outcome: 'complete', status: 200, connectionClose: true });
    // The agent matched the TLS connection to its client by the TCP socket's port.
    expect(result.history.filter((e) => e.type === 'server-request-started').map((e) => 'client' in e && e.client)).toEqual(['K']);
    const verdicts = Object.fromEntries(checkAll(result.history, https).results.map((r) => [r.id, r.verdict.verdict]));
    expect(verdicts).toMatchObject({ 'in-flight-complete': 'holds', 'drain-connection-close': 'holds', deadline: 'holds', 'clean-exit': 'holds' });
  });
});
