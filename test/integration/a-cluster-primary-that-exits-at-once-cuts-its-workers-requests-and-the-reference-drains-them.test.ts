import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { checkAll } from '../../src/checkers/catalogue.js';
import type { History } from '../../src/history/events.js';
import { executeScenario } from '../../src/run/executor.js';
import type { Scenario } from '../../src/scenario/types.js';
import { launchTarget } from '../../src/target/launch.js';
import { scenarioPath, STARTUP_TIMEOUT_MS } from '../support/processes.js';

// Two slow requests in flight at the signal, one in each worker: the run begins once both workers
// listen, and the primary hands connections to its workers in turn.
const SCENARIO: Scenario = {
  clients: [
    { kind: 'slow', id: 'A', at: 0, latencyMs: 2_900 },
    { kind: 'slow', id: 'B', at: 0, latencyMs: 2_900 },
  ],
  signal: 'SIGTERM',
  signalAt: 1_000,
  graceMs: 30_000,
  profile: 'immediate',
};

async function run(strategy: string) {
  const result = await executeScenario(SCENARIO, {
    entry: scenarioPath(strategy),
    clock: 'real',
    startupTimeoutMs: STARTUP_TIMEOUT_MS,
    routes: { slow: '/slow?ms={ms}' },
  });
  const report = checkAll(result.history, SCENARIO, {});
  const verdicts = Object.fromEntries(report.results.map((r) => [r.id, r.verdict.verdict]));
  const evidence = report.results.flatMap((r) => (r.verdict.verdict === 'violated' ? r.verdict.evidence.map((e) => `${r.id}: ${e.message}`) : []));
  return { result, verdicts, evidence, history: result.history };
}

/**
 * Which worker read each client's request (the agent in every worker, its connections matched to
 * clients by port), told as 'one' and 'other': which of the two takes the first is not fixed.
 */
function servedBy(history: History): Record<string, string> {
  const reads = history.flatMap((e) => (e.type === 'server-request-started' ? [{ client: e.client, proc: e.proc }] : []));
  const first = reads[0]?.proc;
  return Object.fromEntries(reads.map((r) => [r.client, r.proc === undefined || r.proc === 0 ? 'not a worker' : r.proc === first ? 'one' : 'other']));
}

describe('a node:cluster target, followed into its two workers under the real clock', { timeout: 120_000 }, () => {
  it('the reference drains both workers before the primary exits: every request completes and every process ends cleanly', async () => {
    const { result, verdicts, evidence, history } = await run('cluster/reference.js');
    expect(result.run).toEqual({ status: 'completed' });
    expect(Object.values(servedBy(history)).sort()).toEqual(['one', 'other']);
    expect(evidence).toEqual([]);
    expect(verdicts['in-flight-complete']).toBe('holds');
    expect(verdicts['clean-exit']).toBe('holds');
    expect(verdicts['deadline']).toBe('holds');
    expect(verdicts['no-accept-then-drop']).not.toBe('violated');
    const ends = history.filter((e) => e.type === 'process-exited');
    expect(ends.map((e) => e.type === 'process-exited' && [e.proc, e.code, e.signal, e.workersAlive ?? []])).toEqual(
      expect.arrayContaining([[1, 0, null, []], [2, 0, null, []], [0, 0, null, []]]),
    );
    // The primary's exit comes last of the three.
    expect(ends.at(-1)?.proc).toBe(0);
  });

  it('a primary that exits at once leaves both workers to die mid-request: in-flight-complete and clean-exit are violated', async () => {
    const { result, verdicts, evidence, history } = await run('cluster/primary-exits-at-once.js');
    expect(result.run).toEqual({ status: 'completed' });
    expect(Object.values(servedBy(history)).sort()).toEqual(['one', 'other']);
    expect(verdicts['in-flight-complete']).toBe('violated');
    expect(verdicts['clean-exit']).toBe('violated');
    expect(evidence).toContainEqual(expect.stringMatching(/^clean-exit: the cluster's primary exited (\d+ ms after|at the moment of) SIGTERM while workers 1, 2 had not/));
    const primary = history.find((e) => e.type === 'process-exited' && e.proc === 0);
    expect(primary).toMatchObject({ code: 0, workersAlive: [1, 2] });
  });

  it('workers killed at a kill timeout shorter than their requests: in-flight-complete and clean-exit are violated', async () => {
    const { result, verdicts, evidence, history } = await run('cluster/workers-killed-at-a-short-timeout.js');
    expect(result.run).toEqual({ status: 'completed' });
    expect(Object.values(servedBy(history)).sort()).toEqual(['one', 'other']);
    expect(verdicts['in-flight-complete']).toBe('violated');
    expect(verdicts['clean-exit']).toBe('violated');
    expect(evidence).toContainEqual(expect.stringMatching(/^clean-exit: worker [12] was killed by SIGKILL \d+ ms after SIGTERM, a signal the harness did not send$/));
    // The primary exits 0 once cluster reports a worker's exit; the other, SIGKILLed in the same
    // instant, may be still dying then, which its entry among workersAlive says.
    expect(history.find((e) => e.type === 'process-exited' && e.proc === 0)).toMatchObject({ code: 0 });
  });

  it('is started once each of its workers listens, not at the first', async () => {
    const target = await launchTarget({ entry: scenarioPath('cluster/reference.js'), clock: 'real', startupTimeoutMs: STARTUP_TIMEOUT_MS });
    try {
      const workers = target.events.flatMap((e) => (e.type === 'listening' && e.proc !== undefined && e.proc > 0 ? [e.proc] : []));
      expect(workers.sort()).toEqual([1, 2]);
      // The primary's own listener for the shared port is Node's, not the target's.
      expect(target.events.filter((e) => e.type === 'listening' && (e.proc ?? 0) === 0)).toEqual([]);
    } finally {
      await target.dispose();
    }
  });

  it('the reference drains just as well when SIGTERM goes to the whole process group, each worker getting it too', async () => {
    const target = await launchTarget({ entry: scenarioPath('cluster/reference.js'), clock: 'real', startupTimeoutMs: STARTUP_TIMEOUT_MS });
    try {
      // Both workers listen before the requests go, so that each gets one.
      while (target.events.filter((e) => e.type === 'listening' && e.proc !== undefined && e.proc > 0).length < 2) {
        await new Promise((resolve) => target.once('event', resolve));
      }
      const get = (ms: number) =>
        new Promise<string>((resolve) => {
          const request = http.get({ host: '127.0.0.1', port: target.port ?? 0, path: `/slow?ms=${ms}`, agent: false }, (response) => {
            let body = '';
            response.on('data', (chunk: Buffer) => (body += chunk.toString()));
            response.on('end', () => resolve(`${response.statusCode} ${body.trim()}`));
            response.on('error', (error) => resolve(error.message));
          });
          request.on('error', (error) => resolve(error.message));
        });
      const answers = [get(1_500), get(1_500)];
      while (target.events.filter((e) => e.type === 'request-started').length < 2) {
        await new Promise((resolve) => target.once('event', resolve));
      }
      process.kill(-target.pid, 'SIGTERM');
      expect(await Promise.all(answers)).toEqual(['200 ok after 1500 ms', '200 ok after 1500 ms']);
      expect(await target.exited).toEqual({ code: 0, signal: null });
      const handled = target.events.filter((e) => e.type === 'signal-handled').map((e) => e.proc);
      expect(handled.sort()).toEqual([0, 1, 2]);
      const exits = target.events.flatMap((e) => (e.type === 'exit' ? [{ proc: e.proc, code: e.code, alive: e.workersAlive ?? [] }] : []));
      expect(exits.map((e) => e.proc).sort()).toEqual([0, 1, 2]);
      expect(exits.every((e) => e.code === 0)).toBe(true);
      expect(exits.at(-1)).toEqual({ proc: 0, code: 0, alive: [] });
    } finally {
      await target.dispose();
    }
  });
});
