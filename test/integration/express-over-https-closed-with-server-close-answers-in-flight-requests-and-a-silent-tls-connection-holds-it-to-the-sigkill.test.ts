import { describe, expect, it } from 'vitest';
import { checkAll } from '../../src/checkers/catalogue.js';
import type { HistoryEvent } from '../../src/history/events.js';
import { executeScenario } from '../../src/run/executor.js';
import type { Scenario } from '../../src/scenario/types.js';
import { fixturePath, STARTUP_TIMEOUT_MS } from '../support/processes.js';

/**
 * express over HTTPS (`https.createServer(options, app)`), shut down as express's guide shows:
 * `server.close()` on SIGTERM. An https client with a request in flight at the signal on a kept-alive
 * TLS connection, and a TCP connection that never starts its TLS handshake.
 *
 * Node 20's close() answers the request in flight, without `Connection: close`, and closes its
 * connection once it has idled for keepAliveTimeout; the connection with no handshake is not one
 * Node's HTTP layer tracks at all (it becomes one at 'secureConnection'), so close() waits for it,
 * and the TLS handshake timeout (120 s) is past the 30 s grace period: SIGKILL.
 */
const scenario: Scenario = {
  clients: [
    { kind: 'https', id: 'K', at: 0, requests: [{ at: 0, path: '/' }, { at: 500, path: '/slow?ms=1500' }] },
    { kind: 'silent', id: 'S', at: 200 },
  ],
  signal: 'SIGTERM',
  signalAt: 1_000,
  graceMs: 30_000,
  profile: 'immediate',
};

describe('express-https-close.js', () => {
  it('answers the TLS request in flight in full but says keep-alive, and is SIGKILLed waiting on the connection that never shook hands', async () => {
    const result = await executeScenario(scenario, { entry: fixturePath('as-deployed/express-https-close.js'), startupTimeoutMs: STARTUP_TIMEOUT_MS });
    expect(result.run).toEqual({ status: 'completed' });
    const of = <T extends HistoryEvent['type']>(type: T) => result.history.filter((e): e is Extract<HistoryEvent, { type: T }> => e.type === type);
    // The agent matched the TLS connection to its client by the TCP socket's port.
    expect(of('server-request-started').map((e) => e.client)).toEqual(['K', 'K']);
    expect(of('request-outcome').map((e) => [e.client, e.request, e.outcome, e.status, e.connectionClose])).toEqual([
      ['K', 0, 'complete', 200, false],
      ['K', 1, 'complete', 200, false],
    ]);
    expect(of('target-exited')).toMatchObject([{ signal: 'SIGKILL', t: 31_000 }]);
    const verdicts = Object.fromEntries(checkAll(result.history, scenario).results.map((r) => [r.id, r.verdict.verdict]));
    expect(verdicts).toMatchObject({
      'in-flight-complete': 'holds',
      'drain-connection-close': 'violated',
      deadline: 'violated',
      'no-shutdown-5xx': 'holds',
    });
  });
});
