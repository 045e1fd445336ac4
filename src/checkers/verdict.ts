import type { HistoryEvent } from '../history/events.js';

/** `error` fails a run; `warning` is reported and fails it only under strict. */
export type Severity = 'error' | 'warning';

/** Whether a violation at this severity fails the run (and the search, and the command's exit status). */
export function failsTheRun(severity: Severity | undefined, strict: boolean): boolean {
  return severity === 'error' || strict;
}

/** One proven fact: the events that show it, and one sentence a user understands without them. */
export interface Evidence {
  events: HistoryEvent[];
  message: string;
}

/**
 * What one checker concluded from one history. `unknown` is not a soft `holds`: it says the history
 * lacks what the checker needs to decide, and why. `not-exercised` is not a pass either: nothing in the
 * run put the invariant to the test (no WebSocket was open at the signal, no request was in flight), so
 * the run says nothing about it; `holds` is only ever said of an invariant the run exercised.
 */
export type Verdict =
  | { verdict: 'holds' }
  | { verdict: 'violated'; evidence: Evidence[] }
  | { verdict: 'unknown'; reason: string }
  | { verdict: 'not-exercised'; reason: string };

/**
 * An invariant that does not apply to the scenario (readiness outside the `kubernetes` profile). Only
 * the catalogue produces it: a checker asked directly always answers with a `Verdict`.
 */
export type NotApplicable = { verdict: 'not-applicable'; reason: string };

/** One invariant's result in a run. */
export interface InvariantResult {
  id: string;
  severity: Severity;
  verdict: Verdict | NotApplicable;
}

export function holds(): Verdict {
  return { verdict: 'holds' };
}

export function violated(evidence: Evidence[]): Verdict {
  return { verdict: 'violated', evidence };
}

export function unknown(reason: string): Verdict {
  return { verdict: 'unknown', reason };
}

export function notExercised(reason: string): Verdict {
  return { verdict: 'not-exercised', reason };
}

/** The run put the invariant to the test: its verdict says something about the target. */
export function exercised(verdict: Verdict | NotApplicable): boolean {
  return verdict.verdict === 'holds' || verdict.verdict === 'violated' || verdict.verdict === 'unknown';
}
