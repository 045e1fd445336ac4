import type { History } from '../history/events.js';
import type { Profile, Scenario, SignalName } from '../scenario/types.js';
import type { Severity, Verdict } from './verdict.js';

/** Signal numbers on Linux, for the conventional exit code 128 + n of a process ended by a signal. */
export const SIGNAL_NUMBERS: Readonly<Record<SignalName, number>> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGUSR1: 10,
  SIGUSR2: 12,
  SIGTERM: 15,
};

export interface CheckOptions {
  /** exit codes clean-exit accepts; by default 0 and 128 + the number of each signal the scenario sends */
  allowedExitCodes: readonly number[];
  /** warnings fail the run too */
  strict: boolean;
  /**
   * Where no agent sees the server read a request (command mode, raw TCP messages), a request whose
   * bytes were all written at least this long before the signal counts as received.
   */
  settleMs: number;
  /** kubernetes profile: how long after the signal the target must keep serving while it reports not ready */
  drainDelayMs: number;
  /** kubernetes profile: the path of the readiness probe */
  readinessPath: string;
  /** WebSocket close codes that count as a clean shutdown (RFC 6455 §7.4.1: 1001 going away, 1012 service restart) */
  websocketCloseCodes: readonly number[];
  /**
   * A request whose natural end falls within max(minMs, fraction × grace) of the end of the grace period
   * is judged only by `deadline`: whether it finishes first or the SIGKILL comes first is a race of
   * milliseconds, not a property of the shutdown code.
   */
  deadlineTolerance: { minMs: number; fraction: number };
  /** per-invariant severity, replacing the checker's default */
  severities: Readonly<Partial<Record<string, Severity>>>;
}

/**
 * One invariant. `check` is pure: the same history and scenario always give the same verdict, and it
 * never throws.
 */
export interface Checker {
  readonly id: string;
  readonly defaultSeverity: Severity;
  /** the profiles the invariant applies to; absent means every profile */
  readonly profiles?: readonly Profile[];
  /** one sentence: when the invariant holds */
  readonly definition: string;
  /**
   * What a run must contain for the invariant to be put to the test, as a noun phrase ("a request the
   * server had read before the signal and not yet answered"). A run without it gets `not-exercised`.
   */
  readonly exercisedBy: string;
  check(history: History, scenario: Scenario, options: CheckOptions): Verdict;
}

export const DEFAULT_SETTLE_MS = 50;
export const DEFAULT_DRAIN_DELAY_MS = 5_000;
export const DEFAULT_READINESS_PATH = '/readyz';
export const DEFAULT_WEBSOCKET_CLOSE_CODES: readonly number[] = [1001, 1012];

/** The options for a scenario, with `overrides` on top; an override that is `undefined` keeps the default. */
export function defaultCheckOptions(scenario: Scenario, overrides: Partial<CheckOptions> = {}): CheckOptions {
  const given = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) as Partial<CheckOptions>;
  const signals = [scenario.signal, ...(scenario.secondSignal ? [scenario.secondSignal.signal] : [])];
  const allowed = [0, ...signals.map((s) => 128 + SIGNAL_NUMBERS[s])];
  return {
    allowedExitCodes: [...new Set(allowed)],
    strict: false,
    settleMs: DEFAULT_SETTLE_MS,
    drainDelayMs: DEFAULT_DRAIN_DELAY_MS,
    readinessPath: DEFAULT_READINESS_PATH,
    websocketCloseCodes: DEFAULT_WEBSOCKET_CLOSE_CODES,
    deadlineTolerance: { minMs: 100, fraction: 0.05 },
    severities: {},
    ...given,
  };
}

/** The deadline tolerance for a grace period, in ms. */
export function toleranceMs(graceMs: number, options: Pick<CheckOptions, 'deadlineTolerance'>): number {
  return Math.max(options.deadlineTolerance.minMs, options.deadlineTolerance.fraction * graceMs);
}
