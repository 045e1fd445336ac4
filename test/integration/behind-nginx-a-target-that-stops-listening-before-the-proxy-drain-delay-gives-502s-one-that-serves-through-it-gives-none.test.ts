import { describe, expect, it } from 'vitest';
import { checkAll } from '../../src/checkers/catalogue.js';
import type { EventOf } from '../../src/history/events.js';
import { executeScenario } from '../../src/run/executor.js';
import type { Scenario } from '../../src/scenario/types.js';
import { nginxBinary } from '../support/nginx.js';
import { scenarioPath, STARTUP_TIMEOUT_MS } from '../support/processes.js';

/**
 * The endpoint is removed 1 s after SIGTERM (`--proxy-drain-delay 1s`): the proxy routes to the
 * target until then, and answers 503 itself afterwards (another replica would take the request).
 * Three requests through nginx: 300 ms after the signal (the proxy still routes to the target), and
 * 2 s after it (the target is out of rotation).
 *
 * close-only.js stops listening at the signal (no preStop-style delay): the first request finds no
 * listener and the proxy answers 502, which no-shutdown-5xx reports with nginx's "connection refused".
 * The reference strategy with a 1.5 s drain delay keeps serving until the proxy has stopped routing to
 * it: the first request is answered 200, and the later 503 is the proxy's out-of-rotation answer,
 * which is nobody's failure.
 */
const scenario: Scenario = {
  clients: [
    { kind: 'keep-alive', id: 'A', at: 500, requests: [{ at: 500, path: '/' }] },
    { kind: 'keep-alive', id: 'B', at: 1_300, requests: [{ at: 1_300, path: '/' }] },
    { kind: 'keep-alive', id: 'C', at: 3_000, requests: [{ at: 3_000, path: '/' }] },
  ],
  signal: 'SIGTERM',
  signalAt: 1_000,
  graceMs: 10_000,
  profile: 'immediate',
};

async function behindNginx(entry: string, env: NodeJS.ProcessEnv = {}) {
  const result = await executeScenario(scenario, {
    entry,
    clock: 'real',
    env: { ...process.env, ...env },
    startupTimeoutMs: STARTUP_TIMEOUT_MS,
    proxy: { kind: 'nginx', binary: nginxBinary(), drainDelayMs: 1_000 },
  });
  expect(result.run).toEqual({ status: 'completed' });
  const fiveXX = checkAll(result.history, scenario, {}).results.find((r) => r.id === 'no-shutdown-5xx')?.verdict;
  const status = (client: string): number | undefined =>
    result.history.find((e): e is EventOf<'request-outcome'> => e.type === 'request-outcome' && e.client === client)?.status;
  const answer = (client: string): EventOf<'proxy-answered'> | undefined =>
    result.history.find((e): e is EventOf<'proxy-answered'> => e.type === 'proxy-answered' && e.client === client);
  return { fiveXX, status, answer };
}

describe('behind nginx that takes the target out of rotation 1 s after SIGTERM', () => {
  it('a target that stops listening at the signal gets a 502 while the proxy still routes to it', async () => {
    const run = await behindNginx(scenarioPath('close-only.js'));
    expect(run.status('A')).toBe(200);
    expect(run.status('B')).toBe(502);
    expect(run.answer('B')).toMatchObject({ status: 502, cause: 'refused' });
    expect(run.status('C')).toBe(503);
    expect(run.answer('C')).toMatchObject({ status: 503, cause: 'out-of-rotation' });
    expect(run.fiveXX?.verdict).toBe('violated');
    const messages = run.fiveXX?.verdict === 'violated' ? run.fiveXX.evidence.map((e) => e.message) : [];
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('request 0 of client B was answered 502 by the proxy');
    expect(messages[0]).toContain('the target refused its connection (its listener was closed) while the proxy still routed to it');
    expect(messages[0]).toContain('connect() failed (111: Connection refused)');
  }, 180_000);

  it('a target that keeps serving through the delay gets no 502, and the proxy answers 503 itself once it is out of rotation', async () => {
    const run = await behindNginx(scenarioPath('reference.js'), { DRAIN_DELAY_MS: '1500', DEADLINE_MS: '9000' });
    expect(run.status('A')).toBe(200);
    expect(run.status('B')).toBe(200);
    expect(run.answer('B')).toBeUndefined();
    expect(run.status('C')).toBe(503);
    expect(run.answer('C')).toMatchObject({ status: 503, cause: 'out-of-rotation' });
    expect(run.fiveXX?.verdict).toBe('holds');
  }, 180_000);
});
