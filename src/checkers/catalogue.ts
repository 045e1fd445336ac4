import type { History } from '../history/events.js';
import type { Scenario } from '../scenario/types.js';
import { type CheckOptions, type Checker, defaultCheckOptions } from './checker.js';
import { cleanExit } from './clean-exit.js';
import { deadline } from './deadline.js';
import { drainConnectionClose } from './drain-connection-close.js';
import { http2Goaway } from './http2-goaway.js';
import { inFlightComplete } from './in-flight-complete.js';
import { keepaliveRace } from './keepalive-race.js';
import { noAcceptThenDrop } from './no-accept-then-drop.js';
import { noShutdown5xx } from './no-shutdown-5xx.js';
import { readiness } from './readiness.js';
import { signalReachesServer } from './signal-reaches-server.js';
import { streamCleanEnd } from './stream-clean-end.js';
import { failsTheRun, type InvariantResult, type Verdict } from './verdict.js';
import { websocketGoingAway } from './websocket-going-away.js';
import type { Invariant } from './invariant.js';

/**
 * Every invariant, in the order reports list them: the one list that names them. Each is one file
 * exporting an `Invariant` (its checker, its advice, how load mode counts it); its id becomes an
 * `InvariantId`, so whatever is keyed by invariant fails to compile until it covers a new one.
 */
export const INVARIANTS = [
  inFlightComplete,
  noShutdown5xx,
  noAcceptThenDrop,
  deadline,
  cleanExit,
  websocketGoingAway,
  streamCleanEnd,
  drainConnectionClose,
  keepaliveRace,
  readiness,
  signalReachesServer,
  http2Goaway,
] as const;

export type InvariantId = (typeof INVARIANTS)[number]['id'];

/** Every invariant, in the order reports list them. */
export const CATALOGUE: readonly Invariant<InvariantId>[] = INVARIANTS;

/**
 * The verdict of a whole run. `fail` when an invariant that can fail the run (any `error`, and a
 * `warning` under strict) is violated; otherwise `unknown` when one of those could not be decided;
 * otherwise `pass`. A proven violation outweighs missing evidence elsewhere, and an undecided invariant
 * never counts as a pass. A warning that cannot fail the run cannot make it `unknown` either.
 */
export type OverallVerdict = 'pass' | 'fail' | 'unknown';

export interface CheckReport {
  verdict: OverallVerdict;
  /** one per checker, in catalogue order */
  results: InvariantResult[];
}

function safeCheck(checker: Checker, history: History, scenario: Scenario, options: CheckOptions): Verdict {
  try {
    return checker.check(history, scenario, options);
  } catch (error) {
    // A checker bug must not pass for a verdict, nor take down the whole report.
    const text = error instanceof Error ? error.message : String(error);
    return { verdict: 'unknown', reason: `the ${checker.id} checker failed: ${text}` };
  }
}

/** Runs every checker of `checkers` over one history. Pure. */
export function checkAll(
  history: History,
  scenario: Scenario,
  options: Partial<CheckOptions> = {},
  checkers: readonly Checker[] = CATALOGUE,
): CheckReport {
  const full = defaultCheckOptions(scenario, options);
  const results: InvariantResult[] = checkers.map((checker) => {
    const severity = full.severities[checker.id] ?? checker.defaultSeverity;
    if (checker.profiles && !checker.profiles.includes(scenario.profile)) {
      return {
        id: checker.id,
        severity,
        verdict: {
          verdict: 'not-applicable',
          reason: `applies to the ${checker.profiles.join(', ')} profile only; the scenario uses ${scenario.profile}`,
        },
      };
    }
    return { id: checker.id, severity, verdict: safeCheck(checker, history, scenario, full) };
  });
  return { verdict: overallVerdict(results, full.strict), results };
}

/** The run's verdict from its per-invariant results; see OverallVerdict. */
export function overallVerdict(results: readonly InvariantResult[], strict: boolean): OverallVerdict {
  const counts = results.filter((r) => failsTheRun(r.severity, strict));
  if (counts.some((r) => r.verdict.verdict === 'violated')) return 'fail';
  if (counts.some((r) => r.verdict.verdict === 'unknown')) return 'unknown';
  return 'pass';
}
