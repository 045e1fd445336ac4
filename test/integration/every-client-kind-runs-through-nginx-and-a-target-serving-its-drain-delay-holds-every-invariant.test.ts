import { expect, it } from 'vitest';
import { checkAll } from '../../src/checkers/catalogue.js';
import { executeScenario } from '../../src/run/executor.js';
import { nginxBinary } from '../support/nginx.js';
import { scenarioPath, STARTUP_TIMEOUT_MS } from '../support/processes.js';
import { everyKindMix } from '../support/scenarios.js';

/**
 * Every client kind but raw (keep-alive, slow, stream, a WebSocket, a silent connection, late
 * connections) through nginx, against the reference strategy with a 1 s drain delay while nginx takes
 * it out of rotation 500 ms after SIGTERM: the run completes (nginx closes what it holds for the
 * clients once every request has its outcome), no request gets a 502, and no invariant is violated.
 */
it('every client kind runs through nginx, and the reference serving its drain delay violates nothing', async () => {
  const scenario = everyKindMix();
  const result = await executeScenario(scenario, {
    entry: scenarioPath('reference.js'),
    clock: 'real',
    env: { ...process.env, DRAIN_DELAY_MS: '1000' },
    startupTimeoutMs: STARTUP_TIMEOUT_MS,
    proxy: { kind: 'nginx', binary: nginxBinary(), drainDelayMs: 500 },
  });
  expect(result.run).toEqual({ status: 'completed' });
  expect(result.history.filter((e) => e.type === 'proxy-answered')).toEqual([]);
  const verdicts = Object.fromEntries(checkAll(result.history, scenario, {}).results.map((r) => [r.id, r.verdict.verdict]));
  expect(Object.entries(verdicts).filter(([, v]) => v === 'violated' || v === 'unknown')).toEqual([]);
  expect(verdicts['websocket-going-away']).toBe('holds');
  expect(verdicts['no-shutdown-5xx']).toBe('holds');
}, 180_000);
