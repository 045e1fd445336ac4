import type fc from 'fast-check';
import { scenarioArbitrary } from '../scenario/arbitraries.js';
import { DEFAULT_HTTP_KINDS } from '../scenario/kinds.js';
import { CLIENT_KINDS, DEFAULT_GRACE_MS, PROFILES, SIGNALS, type ClientKind, type Profile, type Scenario, type SignalName } from '../scenario/types.js';
import { durationOption, integerOption, listOption, oneOfOption, OptionsError, type Duration } from './options.js';

/** The options of shutdownScenario: what kind of scenarios it draws. */
export interface ShutdownScenarioOptions {
  /**
   * the kinds of client to draw (default keep-alive, slow, stream, silent and late: an HTTP server's
   * mix without WebSockets, which need an endpoint the server may not have)
   */
  clients?: readonly ClientKind[];
  /** from the signal to the SIGKILL (default 30s) */
  grace?: Duration;
  /** default SIGTERM */
  signal?: SignalName;
  /** default immediate */
  profile?: Profile;
  /** at most this many clients in one scenario (default 8) */
  maxClients?: number;
  /** also draw, half the time, the same signal sent again before the grace period ends */
  secondSignal?: boolean;
  /**
   * also draw, half the time, one of these sent after the first signal (say `['SIGTERM', 'SIGINT']`:
   * SIGTERM twice, or SIGINT after it); wins over `secondSignal`
   */
  secondSignals?: readonly SignalName[];
  /** the longest latency, and stream length, to draw (default 1.5 × the grace period) */
  maxLatency?: Duration;
}

const DEFAULT_CLIENTS = DEFAULT_HTTP_KINDS.filter((kind) => kind !== 'websocket');

/**
 * A fast-check arbitrary of shutdown scenarios, for property-based tests (`test.prop` of
 * @fast-check/vitest, or fc.assert): clients of the given kinds, their times, and the signal placed
 * where shutdown code goes wrong. A failing scenario shrinks to fewer clients and shorter times.
 * Throws OptionsError for a bad option.
 */
export function shutdownScenario(options: ShutdownScenarioOptions = {}): fc.Arbitrary<Scenario> {
  const kinds = listOption('clients', options.clients, CLIENT_KINDS) ?? DEFAULT_CLIENTS;
  if (kinds.length === 0) throw new OptionsError(`clients: name at least one of ${CLIENT_KINDS.join(', ')}`);
  const maxClients = integerOption('maxClients', options.maxClients, 1);
  const secondSignals = listOption('secondSignals', options.secondSignals, SIGNALS);
  const maxLatencyMs = durationOption('maxLatency', options.maxLatency);
  if (maxLatencyMs !== undefined && maxLatencyMs < 10) throw new OptionsError(`maxLatency: ${maxLatencyMs} ms is shorter than the 10 ms the search counts in`);
  return scenarioArbitrary({
    kinds,
    graceMs: durationOption('grace', options.grace) ?? DEFAULT_GRACE_MS,
    signal: oneOfOption('signal', options.signal, SIGNALS) ?? 'SIGTERM',
    profile: oneOfOption('profile', options.profile, PROFILES) ?? 'immediate',
    ...(maxClients !== undefined ? { maxClients } : {}),
    ...(options.secondSignal ? { secondSignal: true } : {}),
    ...(secondSignals !== undefined ? { secondSignals } : {}),
    ...(maxLatencyMs !== undefined ? { maxLatencyMs } : {}),
  });
}
