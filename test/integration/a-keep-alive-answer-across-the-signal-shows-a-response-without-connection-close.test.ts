import { describe, expect, it } from 'vitest';
import { checkAll } from '../../src/checkers/catalogue.js';
import { executeScenario } from '../../src/run/executor.js';
import type { KeepAliveRequest, Scenario } from '../../src/scenario/types.js';
import { scenarioPath, STARTUP_TIMEOUT_MS } from '../support/processes.js';

/**
 * A keep-alive client whose first answer is still coming at the signal, with its next request queued
 * behind it: both responses start after the signal on the persistent connection. Node's
 * `server.close()` (close-only.js) writes no `Connection: close` on its own, and the connection, busy
 * when close() ran, stays open after its last answer until `keepAliveTimeout` (5 s on Node 20).
 */
function acrossTheSignal(first: KeepAliveRequest): Scenario {
  return {
    clients: [{ kind: 'keep-alive', id: 'A', at: 0, requests: [first, { at: 100, path: '/' }] }],
    signal: 'SIGTERM',
    signalAt: 1_000,
    graceMs: 30_000,
    profile: 'immediate',
  };
}

describe.each<[string, KeepAliveRequest, number]>([
  ['a held answer', { at: 0, latencyMs: 2_000 }, 2_000],
  ['a stream', { at: 0, stream: { chunks: 5, everyMs: 400, sse: false } }, 2_000],
])('%s on a keep-alive connection, in flight at SIGTERM, against server.close() alone', (_name, first, endsAt) => {
  it('is answered, and so is the request after it, without Connection: close, and keeps close() waiting', async () => {
    const scenario = acrossTheSignal(first);
    const result = await executeScenario(scenario, { entry: scenarioPath('close-only.js'), startupTimeoutMs: STARTUP_TIMEOUT_MS });
    expect(result.run).toEqual({ status: 'completed' });
    const outcomes = result.history.filter((e) => e.type === 'request-outcome');
    expect(outcomes).toMatchObject([
      { client: 'A', request: 0, outcome: 'complete', connectionClose: false, t: endsAt },
      { client: 'A', request: 1, outcome: 'complete', connectionClose: false, t: endsAt },
    ]);
    // The connection outlived the signal by the keep-alive timeout after its last answer.
    const exit = result.history.find((e) => e.type === 'target-exited');
    expect(exit?.t).toBeGreaterThanOrEqual(endsAt + 5_000);
    const report = checkAll(result.history, scenario, {});
    const verdict = (id: string): string | undefined => report.results.find((r) => r.id === id)?.verdict.verdict;
    expect(verdict('drain-connection-close')).toBe('violated');
    expect(verdict('in-flight-complete')).toBe('holds');
    expect(verdict('deadline')).toBe('holds');
  });
});
