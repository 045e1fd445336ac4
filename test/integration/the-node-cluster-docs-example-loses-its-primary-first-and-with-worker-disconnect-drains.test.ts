import { describe, expect, it } from 'vitest';
import { checkAll } from '../../src/checkers/catalogue.js';
import type { EventOf } from '../../src/history/events.js';
import { executeScenario } from '../../src/run/executor.js';
import type { Scenario } from '../../src/scenario/types.js';
import { fixturePath, STARTUP_TIMEOUT_MS } from '../support/processes.js';

/**
 * The `node:cluster` documentation's example (one worker per CPU, each serving HTTP), under the real
 * clock at a quarter of real time, with a request held 3 s by the agent and SIGTERM 500 ms after it.
 *
 * As written, nothing handles SIGTERM: the primary dies of it, and each worker exits with code 0 the
 * moment its channel closes (lib/internal/cluster/child.js, on 'disconnect'), cutting the request. The
 * primary records no exit of its own (no JavaScript runs in a default-action death), so what tells
 * clean-exit that it went first is each worker's end, recorded as having lost its primary; before the
 * agent recorded that, clean-exit held here. With the `worker.disconnect()` the docs describe, each
 * worker closes its server and is let go once its requests are answered, and the primary after them.
 */
const scenario: Scenario = {
  clients: [{ kind: 'slow', id: 'A', at: 0, latencyMs: 3_000 }],
  signal: 'SIGTERM',
  signalAt: 500,
  graceMs: 30_000,
  profile: 'immediate',
};

async function run(file: string) {
  const result = await executeScenario(scenario, {
    entry: fixturePath(`as-deployed/${file}`),
    clock: 'real',
    timeScale: 0.25,
    startupTimeoutMs: STARTUP_TIMEOUT_MS,
  });
  expect(result.run).toEqual({ status: 'completed' });
  const report = checkAll(result.history, scenario, {});
  const verdicts = Object.fromEntries(report.results.map((r) => [r.id, r.verdict.verdict]));
  const evidence = (id: string) => report.results.flatMap((r) => (r.id === id && r.verdict.verdict === 'violated' ? r.verdict.evidence.map((e) => e.message) : []));
  const ends = result.history.filter((e): e is EventOf<'process-exited'> => e.type === 'process-exited');
  return { result, verdicts, evidence, ends };
}

describe('the node:cluster docs example under the real clock', { timeout: 180_000 }, () => {
  it('with no SIGTERM handler: the primary dies first, its workers exit with code 0 as their channel closes, the request is cut', async () => {
    const { verdicts, evidence, ends, result } = await run('node-cluster.js');
    expect(result.history.find((e) => e.type === 'target-exited')).toMatchObject({ signal: 'SIGTERM' });
    const workers = ends.filter((e) => e.proc !== 0);
    expect(workers.length).toBeGreaterThanOrEqual(1);
    for (const worker of workers) expect(worker).toMatchObject({ code: 0, signal: null, primaryLost: true });
    expect(verdicts['in-flight-complete']).toBe('violated');
    expect(verdicts['clean-exit']).toBe('violated');
    expect(evidence('clean-exit')[0]).toMatch(
      /^worker \d exited with code 0 .* because its channel to the primary closed: the primary ended before its workers \(it was killed by SIGTERM: it has no handler for it\)/,
    );
  });

  it('with worker.disconnect() on SIGTERM: the request is answered, each worker exits on its own, the primary last', async () => {
    const { verdicts, ends } = await run('node-cluster-disconnect.js');
    expect(ends.filter((e) => e.primaryLost)).toEqual([]);
    expect(ends.at(-1)).toMatchObject({ proc: 0, code: 0 });
    expect(verdicts).toMatchObject({ 'in-flight-complete': 'holds', 'clean-exit': 'holds', deadline: 'holds' });
  });
});
