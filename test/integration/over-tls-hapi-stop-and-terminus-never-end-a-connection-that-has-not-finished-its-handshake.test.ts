import { describe, expect, it } from 'vitest';
import { checkAll } from '../../src/checkers/catalogue.js';
import type { HistoryEvent } from '../../src/history/events.js';
import { executeScenario } from '../../src/run/executor.js';
import type { Scenario } from '../../src/scenario/types.js';
import { fixturePath, STARTUP_TIMEOUT_MS } from '../support/processes.js';

/**
 * hapi's `server.stop({ timeout: 10000 })` ends idle connections at once and destroys what is left at
 * its timeout, but only the sockets it tracks, and over TLS it tracks them from 'secureConnection'
 * (lib/core.js, _initializeListener): a TCP connection that has not finished its TLS handshake is not
 * among them, so stop() never ends it and waits for the listener, which waits for that connection;
 * TLS's own handshake timeout is 120 s, past the 30 s grace period. The same server over clear HTTP
 * tracks every connection from 'connection' and exits at once. terminus (its stoppable) does the same
 * over TLS: it tracks an https.Server's sockets from 'secureConnection', and its 1 s timeout never
 * reaches the silent one.
 *
 * One keep-alive request answered before the signal, one in flight across it, and a connection that
 * sends nothing.
 */
function scenario(kind: 'https' | 'keep-alive'): Scenario {
  return {
    clients: [
      { kind, id: 'K', at: 0, requests: [{ at: 0, path: '/' }, { at: 500, path: '/slow?ms=1500' }] },
      { kind: 'silent', id: 'S', at: 200 },
    ],
    signal: 'SIGTERM',
    signalAt: 1_000,
    graceMs: 30_000,
    profile: 'immediate',
  };
}

async function run(entry: string, kind: 'https' | 'keep-alive') {
  const s = scenario(kind);
  const result = await executeScenario(s, { entry, startupTimeoutMs: STARTUP_TIMEOUT_MS });
  expect(result.run).toEqual({ status: 'completed' });
  const of = <T extends HistoryEvent['type']>(type: T) => result.history.filter((e): e is Extract<HistoryEvent, { type: T }> => e.type === type);
  const verdicts = Object.fromEntries(checkAll(result.history, s).results.map((r) => [r.id, r.verdict.verdict]));
  return { of, verdicts };
}

describe('a TLS server stopped with a timeout, and a connection that sends nothing', () => {
  it('over TLS: the request in flight is answered with connection: close, and the silent connection keeps the process to the SIGKILL', async () => {
    const { of, verdicts } = await run(fixturePath('as-deployed/hapi-tls-stop.js'), 'https');
    expect(of('request-outcome').map((e) => [e.request, e.outcome, e.status, e.connectionClose])).toEqual([
      [0, 'complete', 200, false],
      [1, 'complete', 200, true],
    ]);
    // Not even hapi's own 10 s timeout ends it: it is not one of the sockets hapi destroys.
    expect(of('target-exited')).toMatchObject([{ signal: 'SIGKILL', t: 31_000 }]);
    expect(verdicts).toMatchObject({ deadline: 'violated', 'in-flight-complete': 'holds', 'drain-connection-close': 'holds' });
  });

  it('over clear HTTP: the same server ends the silent connection and exits once the request in flight is answered', async () => {
    const { of, verdicts } = await run(fixturePath('real-servers/hapi-stop-timeout.js'), 'keep-alive');
    expect(of('request-outcome').map((e) => [e.request, e.outcome, e.status])).toEqual([
      [0, 'complete', 200],
      [1, 'complete', 200],
    ]);
    expect(of('target-exited')).toMatchObject([{ code: 0, signal: null }]);
    expect(of('target-exited')[0]?.t).toBeLessThan(10_000);
    expect(verdicts).toMatchObject({ deadline: 'holds', 'in-flight-complete': 'holds', 'clean-exit': 'holds' });
  });

  it('terminus over TLS: the request in flight is answered, and the silent connection keeps the process to the SIGKILL past its 1 s timeout', async () => {
    const s = { ...scenario('https'), clients: [{ kind: 'https' as const, id: 'K', at: 0, requests: [{ at: 0, path: '/' }, { at: 500, path: '/slow?ms=1200' }] }, { kind: 'silent' as const, id: 'S', at: 200 }] };
    const result = await executeScenario(s, { entry: fixturePath('as-deployed/express-https-terminus.js'), startupTimeoutMs: STARTUP_TIMEOUT_MS });
    expect(result.run).toEqual({ status: 'completed' });
    const outcomes = result.history.filter((e) => e.type === 'request-outcome').map((e) => e.type === 'request-outcome' && [e.request, e.outcome, e.status]);
    expect(outcomes).toEqual([
      [0, 'complete', 200],
      [1, 'complete', 200],
    ]);
    expect(result.history.filter((e) => e.type === 'target-exited')).toMatchObject([{ signal: 'SIGKILL', t: 31_000 }]);
    const verdicts = Object.fromEntries(checkAll(result.history, s).results.map((r) => [r.id, r.verdict.verdict]));
    expect(verdicts).toMatchObject({ deadline: 'violated', 'in-flight-complete': 'holds' });
  });
});
