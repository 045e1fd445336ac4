/**
 * One invariant as the catalogue holds it: its checker over a history, and what load mode counts for
 * it. Both views judge the same rule: the checker proves it on one history; load mode, which cannot
 * afford a history per request, counts it over thousands of requests from its totals (src/load/).
 */
import type { LoadTotals } from '../load/totals.js';
import type { FailureStage, Moments, RequestFacts } from '../load/request-facts.js';
import type { RunFacts } from '../load/summary.js';
import type { Checker } from './checker.js';
import type { Severity } from './verdict.js';

/** One row of a load run's verdict: how many broke the invariant, out of how many it applied to. */
export interface LoadCount {
  count: number;
  of: number;
  /** false when the run could not put the invariant to the test (no signal, no stream in the mix) */
  applicable: boolean;
  /** one sentence a user understands, for each verdict */
  holds: string;
  violated: string;
}

/** How load mode counts an invariant. */
export interface LoadCounting {
  /**
   * The failed requests that break it, by the stage of the shutdown they failed in (see
   * `failureStage`). Within a stage every failed request breaks exactly one invariant: the
   * definitions split each stage between them, and a test proves it.
   */
  readonly failures?: Readonly<Partial<Record<FailureStage, (request: RequestFacts, moments: Moments) => boolean>>>;
  count(totals: LoadTotals, run: RunFacts): LoadCount;
}

/** Why load mode does not count an invariant; its summary then has no row for it. */
export interface NotCounted {
  readonly notCounted: string;
}

/**
 * What a violation means for the people a service serves, and the usual way out, in words for the
 * engineer who owns the service: printed under a violated invariant, and in the strategy report.
 */
export interface Advice {
  readonly meaning: string;
  readonly fix: string;
}

/** An invariant of the catalogue. Adding one: a file exporting one of these, and a line in catalogue.ts. */
export interface Invariant<Id extends string = string> extends Checker {
  readonly id: Id;
  readonly advice: Advice;
  readonly load: LoadCounting | NotCounted;
}

/** An invariant only load mode has: it judges what a history never needs to (failures under load). */
export interface LoadOnlyInvariant<Id extends string = string> {
  readonly id: Id;
  readonly defaultSeverity: Severity;
  readonly load: LoadCounting;
}
