import { expect } from 'vitest';
import { executeScenario, type RunOptions, type RunResult } from '../../src/run/executor.js';
import type { Scenario } from '../../src/scenario/types.js';

/** One request, held `holdMs` by the agent, in flight when the signal goes at `signalAt`. */
export function inFlight(options: { holdMs?: number; signalAt?: number; graceMs?: number; path?: string } = {}): Scenario {
  return {
    clients: [{ kind: 'http', id: 'A', at: 0, path: options.path ?? '/', holdMs: options.holdMs ?? 1000 }],
    signal: 'SIGTERM',
    signalAt: options.signalAt ?? 100,
    graceMs: options.graceMs ?? 30_000,
    profile: 'immediate',
  };
}

/** No clients: only the signal, to watch how the target itself ends. */
export function signalOnly(signalAt: number, graceMs = 30_000): Scenario {
  return { clients: [], signal: 'SIGTERM', signalAt, graceMs, profile: 'immediate' };
}

/** Every client kind but raw at once, around a signal at 100 ms. */
export function everyKindMix(sse = false): Scenario {
  return {
    clients: [
      { kind: 'keep-alive', id: 'A', at: 0, requests: [{ at: 0, path: '/' }, { at: 50, path: '/' }, { at: 150, path: '/' }] },
      { kind: 'slow', id: 'B', at: 10, latencyMs: 1000 },
      { kind: 'stream', id: 'C', at: 20, chunks: 5, everyMs: 100, sse },
      { kind: 'websocket', id: 'D', at: 0, messages: [20, 60] },
      { kind: 'silent', id: 'E', at: 0 },
      { kind: 'late', id: 'F', at: 120, attempts: [130] },
    ],
    signal: 'SIGTERM',
    signalAt: 100,
    graceMs: 30_000,
    profile: 'immediate',
  };
}

/**
 * Runs one scenario `runs` times and asserts one canonical history: each run completes, and a run that
 * differs shows its first divergence from the first run's JSONL rather than two opaque hashes. Resolves
 * with the first run's result.
 */
export async function expectOneHistory(scenario: Scenario, options: RunOptions, runs: number): Promise<RunResult> {
  let first: RunResult | undefined;
  for (let i = 0; i < runs; i++) {
    const result = await executeScenario(scenario, options);
    expect(result.run).toEqual({ status: 'completed' });
    first ??= result;
    if (result.historyHash !== first.historyHash) expect(result.jsonl).toBe(first.jsonl);
  }
  if (!first) throw new Error('expectOneHistory needs at least one run');
  return first;
}
