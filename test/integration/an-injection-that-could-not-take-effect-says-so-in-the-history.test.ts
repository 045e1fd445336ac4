import { expect, it } from 'vitest';
import { executeScenario } from '../../src/run/executor.js';
import type { Scenario } from '../../src/scenario/types.js';
import { ANSWER_SHAPES } from '../support/answer-shapes.js';
import { STARTUP_TIMEOUT_MS } from '../support/processes.js';

/**
 * server-response-finished carries `injection` only for a request that asked for latency or streaming:
 * `no-effect` where the agent could not apply it — a 204 has no body to show mid-way, and a handler
 * that writes to the raw socket gets its bytes out at once, in its own order — `applied` where it did.
 */
it('a trickled 204 and a held answer written to the raw socket say no-effect; a held ordinary answer says applied', async () => {
  const scenario: Scenario = {
    clients: [
      // stream clients ask for the fast route, here the 204
      { kind: 'stream', id: 'E', at: 0, chunks: 4, everyMs: 100, sse: false },
      { kind: 'http', id: 'H', at: 0, path: '/stored', holdMs: 300 },
      { kind: 'http', id: 'P', at: 0, path: '/stored' },
      { kind: 'http', id: 'R', at: 0, path: '/raw', holdMs: 300 },
    ],
    signal: 'SIGTERM',
    signalAt: 1000,
    graceMs: 30_000,
    profile: 'immediate',
  };
  const result = await executeScenario(scenario, { entry: ANSWER_SHAPES, routes: { fast: '/empty' }, startupTimeoutMs: STARTUP_TIMEOUT_MS });
  expect(result.run).toEqual({ status: 'completed' });
  const finished = result.history.flatMap((e) =>
    e.type === 'server-response-finished' ? [{ client: e.client, status: e.status, t: e.t, ...(e.injection ? { injection: e.injection } : {}) }] : [],
  );
  expect(finished.sort((a, b) => a.client.localeCompare(b.client))).toEqual([
    { client: 'E', status: 204, t: 0, injection: 'no-effect' },
    { client: 'H', status: 200, t: 300, injection: 'applied' },
    { client: 'P', status: 200, t: 0 },
    { client: 'R', status: 200, t: 0, injection: 'no-effect' },
  ]);
  const outcomes = result.history.flatMap((e) => (e.type === 'request-outcome' ? [`${e.client} ${e.outcome} ${e.status} @${e.t}`] : []));
  expect(outcomes.sort()).toEqual(['E complete 204 @0', 'H complete 200 @300', 'P complete 200 @0', 'R complete 200 @0']);
});
