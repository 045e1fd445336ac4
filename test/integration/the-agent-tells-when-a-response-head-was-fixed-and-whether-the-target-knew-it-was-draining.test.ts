import { expect, it } from 'vitest';
import { runScenario } from '../../src/index.js';
import type { EventOf } from '../../src/history/events.js';
import type { Scenario } from '../../src/scenario/types.js';
import { scenarioPath, STARTUP_TIMEOUT_MS } from '../support/processes.js';

// A keep-alive client's answer held 200 ms across SIGTERM (the agent holds it: the target's handler
// fixed its head at once, before the signal), then a second request on the same connection, read after
// the handler ran, by a target that only calls server.close() (which leaves a busy connection open):
// the first head was fixed before the target knew it was draining, the second after, and neither says
// Connection: close.
const scenario: Scenario = {
  clients: [{ kind: 'keep-alive', id: 'K', at: 0, requests: [{ at: 0, latencyMs: 200 }, { at: 300, path: '/' }] }],
  signal: 'SIGTERM',
  signalAt: 100,
  graceMs: 30_000,
  profile: 'immediate',
};

it('reports each response head with whether the signal handler had run, and drain-connection-close judges only the second', async () => {
  const result = await runScenario(scenarioPath('close-only.js'), scenario, { startupTimeout: STARTUP_TIMEOUT_MS });
  const heads = result.history.filter((e): e is EventOf<'server-response-started'> => e.type === 'server-response-started');
  expect(heads.map((h) => [h.request, h.afterSignalHandler === true, h.connectionClose])).toEqual([
    [0, false, false],
    [1, true, false],
  ]);
  const drain = result.invariants.find((i) => i.id === 'drain-connection-close');
  expect(drain?.verdict).toBe('violated');
  expect(drain?.evidence.map((e) => e.message)).toEqual([expect.stringContaining('response to request 1 of client K')]);
});
