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
