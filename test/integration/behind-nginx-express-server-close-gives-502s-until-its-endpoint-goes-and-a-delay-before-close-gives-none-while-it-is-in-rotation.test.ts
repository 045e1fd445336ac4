import { describe, expect, it } from 'vitest';
import { checkAll } from '../../src/checkers/catalogue.js';
import type { EventOf } from '../../src/history/events.js';
import { executeScenario } from '../../src/run/executor.js';
import type { Scenario } from '../../src/scenario/types.js';
import { nginxBinary } from '../support/nginx.js';
import { fixturePath, STARTUP_TIMEOUT_MS } from '../support/processes.js';

/**
 * express shut down as its guide shows (`server.close()` on SIGTERM), behind a real nginx that pools
 * its upstream connections; and the same app waiting 2.5 s before that close, as a preStop delay
 * would. Requests 300 ms, 2 s and 3.5 s after the signal. With `--proxy-drain-delay 1s` nginx takes
 * the target out of rotation 1 s after the signal (and answers 503 itself from then on, which fails
 * nothing); without it, nginx routes to the target until the run ends.
 */
const SCENARIO: Scenario = {
  clients: ['A', 'B', 'C', 'D'].map((id, i) => {
    const at = [500, 1_300, 3_000, 4_500][i] ?? 0;
    return { kind: 'keep-alive' as const, id, at, requests: [{ at, path: '/' }] };
  }),
  signal: 'SIGTERM',
  signalAt: 1_000,
  graceMs: 10_000,
  profile: 'immediate',
};

async function behindNginx(file: string, drainDelayMs: number | null, secondSignalAt?: number) {
  const scenario: Scenario = secondSignalAt === undefined ? SCENARIO : { ...SCENARIO, secondSignal: { signal: 'SIGINT', at: secondSignalAt } };
  const result = await executeScenario(scenario, {
    entry: fixturePath(`as-deployed/${file}`),
    clock: 'real',
    env: { ...process.env, DRAIN_DELAY_MS: '2500' },
    startupTimeoutMs: STARTUP_TIMEOUT_MS,
    proxy: { kind: 'nginx', binary: nginxBinary(), drainDelayMs },
  });
  expect(result.run).toEqual({ status: 'completed' });
  const fiveXX = checkAll(result.history, scenario, {}).results.find((r) => r.id === 'no-shutdown-5xx')?.verdict;
  const answers = ['A', 'B', 'C', 'D'].map((client) => {
    const outcome = result.history.find((e): e is EventOf<'request-outcome'> => e.type === 'request-outcome' && e.client === client);
    const proxy = result.history.find((e): e is EventOf<'proxy-answered'> => e.type === 'proxy-answered' && e.client === client);
    return `${client} ${outcome?.status ?? '-'}${proxy ? ` (proxy: ${proxy.cause})` : ''}`;
  });
  const messages = fiveXX?.verdict === 'violated' ? fiveXX.evidence.map((e) => e.message) : [];
  const exit = result.history.find((e): e is EventOf<'target-exited'> => e.type === 'target-exited');
  return { fiveXX, answers, messages, exit };
}

describe('express behind nginx', () => {
  it('server.close() at the signal, no drain delay: every request after it is a 502 of a refused connection', async () => {
    const run = await behindNginx('express-close.js', null);
    expect(run.answers).toEqual(['A 200', 'B 502 (proxy: refused)', 'C 502 (proxy: refused)', 'D 502 (proxy: refused)']);
    expect(run.fiveXX?.verdict).toBe('violated');
    expect(run.messages).toHaveLength(3);
    expect(run.messages[0]).toContain('the target refused its connection (its listener was closed) while the proxy still routed to it');
  }, 180_000);

  it('server.close() at the signal, drain delay 1 s: the request before the endpoint goes is a 502, the later ones the proxy’s 503', async () => {
    const run = await behindNginx('express-close.js', 1_000);
    expect(run.answers).toEqual(['A 200', 'B 502 (proxy: refused)', 'C 503 (proxy: out-of-rotation)', 'D 503 (proxy: out-of-rotation)']);
    expect(run.fiveXX?.verdict).toBe('violated');
    expect(run.messages).toHaveLength(1);
  }, 180_000);

  it('a 2.5 s delay before server.close(), drain delay 1 s: no 502, the target answers until the proxy stops routing to it', async () => {
    const run = await behindNginx('express-delay-then-close.js', 1_000);
    expect(run.answers).toEqual(['A 200', 'B 200', 'C 503 (proxy: out-of-rotation)', 'D 503 (proxy: out-of-rotation)']);
    expect(run.fiveXX?.verdict).toBe('holds');
  }, 180_000);

  it('a 2.5 s delay before server.close(), no drain delay: served until the close, then a 502, since the endpoint never goes', async () => {
    const run = await behindNginx('express-delay-then-close.js', null);
    expect(run.answers).toEqual(['A 200', 'B 200', 'C 200', 'D 502 (proxy: refused)']);
    expect(run.fiveXX?.verdict).toBe('violated');
    expect(run.messages).toHaveLength(1);
    expect(run.messages[0]).toContain('request 0 of client D was answered 502 by the proxy');
  }, 180_000);

  it('a 2.5 s delay before server.close(), killed by a second signal, SIGINT, it has no handler for: the 502s after it are not the drain’s', async () => {
    const run = await behindNginx('express-delay-then-close.js', null, 1_100);
    expect(run.exit).toMatchObject({ signal: 'SIGINT' });
    expect(run.answers).toEqual(['A 200', 'B 502 (proxy: refused)', 'C 502 (proxy: refused)', 'D 502 (proxy: refused)']);
    expect(run.fiveXX?.verdict).not.toBe('violated');
  }, 180_000);
});
