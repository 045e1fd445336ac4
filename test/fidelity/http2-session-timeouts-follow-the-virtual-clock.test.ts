import { expect, it } from 'vitest';
import { executeScenario } from '../../src/run/executor.js';
import type { Scenario } from '../../src/scenario/types.js';
import { fixturePath, STARTUP_TIMEOUT_MS } from '../support/processes.js';

/**
 * session.setTimeout() runs on Node's internal timer list, which installing fake timers does not
 * reach; the agent puts it on the virtual clock. A session idle after its first stream times out 3 s
 * in, in virtual time: the client gets its GOAWAY then, and sends its stream due at 10 s on a new
 * session, as a real client does.
 */
it('an HTTP/2 session idle for its 3 s timeout is told to go away at 3000 virtual ms', async () => {
  const scenario: Scenario = {
    clients: [{ kind: 'h2', id: 'H', at: 0, requests: [{ at: 0, path: '/' }, { at: 10_000, path: '/' }] }],
    signal: 'SIGTERM',
    signalAt: 20_000,
    graceMs: 30_000,
    profile: 'immediate',
  };
  const result = await executeScenario(scenario, { entry: fixturePath('fidelity/h2-session-timeout.mjs'), startupTimeoutMs: STARTUP_TIMEOUT_MS });
  expect(result.run).toEqual({ status: 'completed' });
  expect(result.history.find((e) => e.type === 'goaway-received')).toMatchObject({ t: 3_000, code: 0, lastStreamId: 1 });
  expect(result.history.find((e) => e.type === 'connection-ended')).toMatchObject({ t: 3_000, how: 'fin', by: 'server' });
  expect(result.history.filter((e) => e.type === 'client-connect').map((e) => [e.t, 'session' in e && e.session])).toEqual([
    [0, 1],
    [10_000, 2],
  ]);
  expect(result.history.filter((e) => e.type === 'request-sent').map((e) => 'session' in e && e.session)).toEqual([1, 2]);
  expect(result.history.filter((e) => e.type === 'request-outcome').map((e) => 'outcome' in e && e.outcome)).toEqual(['complete', 'complete']);
});
