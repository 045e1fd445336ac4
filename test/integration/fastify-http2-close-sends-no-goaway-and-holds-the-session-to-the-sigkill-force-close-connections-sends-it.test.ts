import { describe, expect, it } from 'vitest';
import { checkAll } from '../../src/checkers/catalogue.js';
import type { HistoryEvent } from '../../src/history/events.js';
import { executeScenario } from '../../src/run/executor.js';
import type { Scenario } from '../../src/scenario/types.js';
import { fixturePath, STARTUP_TIMEOUT_MS } from '../support/processes.js';
import { namedScenario } from '../support/strategy-catalogue.js';

/**
 * fastify 5 serving HTTP/2 as its docs show (`http2: true`, clear or with `https`), closed with
 * `fastify.close()` on SIGTERM, under Node 20. One h2 session: a slow stream (1) taken before the
 * signal, a fast one (3), and a stream opened 300 ms after the signal.
 *
 * fastify's close() gives an HTTP/2 server only `server.close()` unless `forceCloseConnections` is
 * true (lib/server.js installs closeHttp2Sessions() then only): no GOAWAY, the session keeps taking
 * streams (each answered 503), and close() waits for the session, which fastify's 72 s
 * http2SessionTimeout would end, past the 30 s grace period. With `forceCloseConnections: true` each
 * session gets `session.close()`: GOAWAY naming stream 3, stream 1 answered, and the late stream, which
 * the client sends on a new session, meets the closed listener.
 */
const scenario: Scenario = namedScenario('h2-streams-at-signal');

async function run(file: string) {
  const result = await executeScenario(scenario, {
    entry: fixturePath(`as-deployed/${file}`),
    startupTimeoutMs: STARTUP_TIMEOUT_MS,
    routes: { slow: '/slow?ms={ms}' },
  });
  expect(result.run).toEqual({ status: 'completed' });
  const verdicts = Object.fromEntries(checkAll(result.history, scenario).results.map((r) => [r.id, r.verdict.verdict]));
  const of = <T extends HistoryEvent['type']>(type: T) => result.history.filter((e): e is Extract<HistoryEvent, { type: T }> => e.type === type);
  return { verdicts, of };
}

describe.each(['fastify-http2-close.js', 'fastify-http2-tls-close.js'])('%s: fastify.close() with its defaults', (file) => {
  it('sends no GOAWAY, answers the stream opened after the signal 503 on the same session, and is SIGKILLed holding it', async () => {
    const { verdicts, of } = await run(file);
    expect(of('goaway-received')).toEqual([]);
    expect(of('request-sent').map((e) => e.streamId)).toEqual([1, 3, 5]);
    expect(of('request-outcome').map((e) => [e.request, e.outcome, e.status])).toEqual([
      [1, 'complete', 200],
      [2, 'complete', 503],
      [0, 'complete', 200],
    ]);
    expect(of('kill-sent')).toHaveLength(1);
    expect(of('target-exited')).toMatchObject([{ signal: 'SIGKILL' }]);
    expect(verdicts).toMatchObject({
      'http2-goaway': 'violated',
      deadline: 'violated',
      'in-flight-complete': 'holds',
      'no-shutdown-5xx': 'holds',
      'clean-exit': 'not-exercised',
    });
  });
});

describe('fastify-http2-force-close.js: fastify.close() with forceCloseConnections: true', () => {
  it('sends GOAWAY naming the streams it took, finishes the slow one, refuses the new session the late stream opens, and exits', async () => {
    const { verdicts, of } = await run('fastify-http2-force-close.js');
    expect(of('goaway-received')[0]).toMatchObject({ client: 'H', code: 0, lastStreamId: 3, t: 1_000 });
    expect(of('request-outcome').map((e) => [e.request, e.outcome])).toEqual([
      [1, 'complete'],
      [2, 'refused'],
      [0, 'complete'],
    ]);
    // The late stream is not sent on the session told to go away: its new session meets the closed listener.
    expect(of('client-connect').map((e) => e.session)).toEqual([1, 2]);
    expect(of('client-refused')).toMatchObject([{ session: 2, t: 1_300 }]);
    expect(of('target-exited')).toMatchObject([{ code: 0, signal: null, t: 1_500 }]);
    expect(verdicts).toMatchObject({
      'http2-goaway': 'holds',
      deadline: 'holds',
      'in-flight-complete': 'holds',
      'no-accept-then-drop': 'holds',
      'clean-exit': 'holds',
    });
  });
});

describe('node-http2-server-close.js: the node:http2 docs example closed with server.close()', () => {
  it('sends no GOAWAY and answers the late stream 200 as if nothing happened, then is SIGKILLed holding the session', async () => {
    const { verdicts, of } = await run('node-http2-server-close.js');
    expect(of('goaway-received')).toEqual([]);
    expect(of('request-outcome').map((e) => [e.request, e.outcome, e.status])).toEqual([
      [1, 'complete', 200],
      [2, 'complete', 200],
      [0, 'complete', 200],
    ]);
    expect(of('target-exited')).toMatchObject([{ signal: 'SIGKILL' }]);
    expect(verdicts).toMatchObject({ 'http2-goaway': 'violated', deadline: 'violated', 'in-flight-complete': 'holds' });
  });
});
