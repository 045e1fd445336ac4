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
