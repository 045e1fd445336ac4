import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/api/run-scenario.js';
import type { EventOf, HistoryEvent } from '../../src/history/events.js';
import type { Scenario } from '../../src/scenario/types.js';
import { tempDir } from '../support/cli.js';
import { nginxBinary } from '../support/nginx.js';
import { CLI, scenarioPath, STARTUP_TIMEOUT_MS } from '../support/processes.js';

/**
 * `--proxy nginx` without `--proxy-drain-delay`. The config says the target drains for 1 s
 * (`drainDelay`); the target, the reference strategy, actually keeps serving for 4 s after SIGTERM
 * (DRAIN_DELAY_MS), so a request that reaches it in that time is answered 200. B is sent 300 ms after
 * the signal, C 2.5 s after it: 1.5 s after the configured drain delay and 1.5 s before the target
 * stops listening, wide margins on either side for a loaded machine.
 *
 * Under the kubernetes profile the endpoint goes after the drain delay the target is configured for:
 * C meets nginx's own 503 (out of rotation). Under the immediate profile the proxy never takes the
 * target out of rotation: C reaches the target. A delay given with the proxy still wins.
 */
const scenario = (profile: Scenario['profile']): Scenario => ({
  clients: [
    { kind: 'keep-alive', id: 'A', at: 500, requests: [{ at: 500, path: '/' }] },
    { kind: 'keep-alive', id: 'B', at: 1_300, requests: [{ at: 1_300, path: '/' }] },
    { kind: 'keep-alive', id: 'C', at: 3_500, requests: [{ at: 3_500, path: '/' }] },
  ],
  signal: 'SIGTERM',
  signalAt: 1_000,
  graceMs: 10_000,
  profile,
});

// The target inherits the harness's environment (vitest runs each test file in a process of its own).
process.env.DRAIN_DELAY_MS = '4000';

function config(): string {
  const file = path.join(tempDir(), 'shutdown-check.config.json');
  writeFileSync(file, JSON.stringify({ drainDelay: '1s' }));
  return file;
}

const status = (history: HistoryEvent[], client: string): number | undefined =>
  history.find((e): e is EventOf<'request-outcome'> => e.type === 'request-outcome' && e.client === client)?.status;
const proxyAnswer = (history: HistoryEvent[], client: string): EventOf<'proxy-answered'> | undefined =>
  history.find((e): e is EventOf<'proxy-answered'> => e.type === 'proxy-answered' && e.client === client);

describe('behind nginx with no drain delay of its own', () => {
  nginxBinary();

  it('under the kubernetes profile nginx answers 503 itself to a request sent after the drain delay the target is configured for, and the replay does the same', async () => {
    const result = await runScenario(scenarioPath('reference.js'), scenario('kubernetes'), { proxy: 'nginx', config: config(), startupTimeout: STARTUP_TIMEOUT_MS });
    expect(result.run).toEqual({ status: 'completed' });
    expect(status(result.history, 'A')).toBe(200);
    expect(status(result.history, 'B')).toBe(200);
    expect(proxyAnswer(result.history, 'B')).toBeUndefined();
    expect(status(result.history, 'C')).toBe(503);
    expect(proxyAnswer(result.history, 'C')).toMatchObject({ status: 503, cause: 'out-of-rotation' });
    expect(result.verdict).toBe('pass');

    // The replay names no drain delay of the proxy's: the scenario's profile and the config give it again.
    expect(result.replay).toContain('--proxy nginx');
    expect(result.replay).not.toContain('--proxy-drain-delay');
    expect(result.replay.startsWith('npx shutdown-check ')).toBe(true);
    // The replay as a user's shell runs it, with this checkout's command line for `npx shutdown-check`.
    const replayed = spawnSync(
      '/bin/sh',
      ['-c', `exec "$0" "$1" ${result.replay.slice('npx shutdown-check '.length)} --startup-timeout ${STARTUP_TIMEOUT_MS}ms --no-color`, process.execPath, CLI],
      { encoding: 'utf8', timeout: 300_000, env: { ...process.env, FORCE_COLOR: undefined, GITHUB_ACTIONS: undefined } },
    );
    expect(replayed.stdout).toContain('the proxy answers C request 0 itself: 503 (out-of-rotation)');
    expect(replayed.stdout).not.toContain('the proxy answers B');
    expect(replayed.status).toBe(0);
  }, 300_000);

  it('under the immediate profile the same request reaches the target, which still serves it', async () => {
    const result = await runScenario(scenarioPath('reference.js'), scenario('immediate'), { proxy: 'nginx', config: config(), startupTimeout: STARTUP_TIMEOUT_MS });
    expect(result.run).toEqual({ status: 'completed' });
    expect(status(result.history, 'B')).toBe(200);
    expect(status(result.history, 'C')).toBe(200);
    expect(result.history.filter((e) => e.type === 'proxy-answered')).toEqual([]);
  }, 180_000);

  it('under the kubernetes profile a drain delay given with the proxy still wins: with 3.5 s the same request reaches the target', async () => {
    const result = await runScenario(scenarioPath('reference.js'), scenario('kubernetes'), {
      proxy: 'nginx',
      proxyDrainDelay: '3500ms',
      config: config(),
      startupTimeout: STARTUP_TIMEOUT_MS,
    });
    expect(result.run).toEqual({ status: 'completed' });
    expect(status(result.history, 'C')).toBe(200);
    expect(result.history.filter((e) => e.type === 'proxy-answered')).toEqual([]);
    expect(result.replay).toContain('--proxy-drain-delay 3500ms');
  }, 180_000);
});
