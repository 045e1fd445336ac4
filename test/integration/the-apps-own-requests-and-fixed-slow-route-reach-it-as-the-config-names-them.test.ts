import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import type { HistoryEvent } from '../../src/history/events.js';
import { executeScenario, ScenarioError } from '../../src/run/executor.js';
import type { Scenario } from '../../src/scenario/types.js';
import { fixturePath, STARTUP_TIMEOUT_MS } from '../support/processes.js';

/** The config a user of test/fixtures/app-routes.js would write. */
const config = parseConfig(
  {
    requests: [{ method: 'POST', path: '/orders', headers: { 'x-app': 'yes' }, body: 'hello' }],
    routes: { slow: { path: '/report', latency: '3s' } },
  },
  'shutdown-check.config.json',
);

const scenario: Scenario = {
  clients: [
    // the app's own request, then the slow route, on one persistent connection
    { kind: 'keep-alive', id: 'A', at: 0, requests: [{ at: 0, route: 0 }, { at: 10, latencyMs: 3_000 }] },
    { kind: 'late', id: 'B', at: 100, attempts: [], route: 0 },
  ],
  signal: 'SIGTERM',
  signalAt: 5_000,
  graceMs: 30_000,
  profile: 'immediate',
};

function find<T extends HistoryEvent['type']>(history: HistoryEvent[], type: T, client: string, request: number): Extract<HistoryEvent, { type: T }> {
  const event = history.find((e) => e.type === type && 'client' in e && e.client === client && 'request' in e && e.request === request);
  if (!event) throw new Error(`no ${type} of request ${request} of ${client} in the history`);
  return event as Extract<HistoryEvent, { type: T }>;
}

describe('a config that names the app\'s requests and a slow route with a fixed latency', () => {
  it('has keep-alive and late clients send the request it names, method, headers and body, and the slow route take its own time', async () => {
    const result = await executeScenario(scenario, { entry: fixturePath('app-routes.js'), routes: config.routes, startupTimeoutMs: STARTUP_TIMEOUT_MS });
    expect(result.run).toEqual({ status: 'completed' });
    const { history } = result;
    expect(find(history, 'server-request-started', 'A', 0)).toMatchObject({ method: 'POST', path: '/orders' });
    // 201: the header and the body reached the handler
    expect(find(history, 'request-outcome', 'A', 0)).toMatchObject({ outcome: 'complete', status: 201 });
    expect(find(history, 'request-outcome', 'B', 0)).toMatchObject({ outcome: 'complete', status: 201 });
    // the slow route itself, with no latency asked of the agent: it answers when the route says
    const sent = find(history, 'request-sent', 'A', 1);
    expect(sent.path).toBe('/report');
    expect(find(history, 'request-outcome', 'A', 1).t - sent.t).toBe(3_000);
  });

  it('refuses, before starting the target, a scenario naming a request the config does not have', async () => {
    const bad: Scenario = { ...scenario, clients: [{ kind: 'late', id: 'B', at: 100, attempts: [], route: 1 }] };
    await expect(executeScenario(bad, { entry: fixturePath('app-routes.js'), routes: config.routes })).rejects.toThrow(
      new ScenarioError(['client B names request 1 of the config, but the config names 1 (0 to 0)']),
    );
  });
});
