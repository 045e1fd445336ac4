import fc from 'fast-check';
import type { CheckReport } from '../checkers/catalogue.js';
import type { CheckOptions } from '../checkers/checker.js';
import type { Scenario } from '../scenario/types.js';
import type { TargetError } from '../target/errors.js';
import type { Target } from '../target/target.js';
import type { RunOptions, RunResult } from './executor.js';
import { Runner, type Shared } from './runner.js';
import { searchRunners, type Shard } from './shard.js';
import { failsTheRun } from '../checkers/verdict.js';

/** The scenarios to draw, for the focus times learnt so far (ms after the signal; see `learn`). */
export type ScenariosFor = (focusMs: readonly number[]) => fc.Arbitrary<Scenario>;

export interface PropertyOptions {
  /** how each scenario is run: the target and the clock */
  run: RunOptions;
  /** the scenarios: one arbitrary, or one per set of focus times when the search learns them */
  arbitrary: fc.Arbitrary<Scenario> | ScenariosFor;
  /**
   * What a run teaches the search: the moments after the signal (ms) at which the target cut work or
   * ended. Later runs are drawn around them (through `arbitrary` as a function), so a server's own
   * deadline is met by work that ends just before and just after it.
   */
  learn?: (trial: Trial) => readonly number[];
  check?: Partial<CheckOptions>;
  /** property runs (default 100), not counting the runs that shrink a failure */
  numRuns?: number;
  /** default: a random one, printed so the search can be replayed */
  seed?: number;
  /** replay: the path printed with a counterexample (with its seed, and its focus) */
  path?: string;
  /** replay: the focus times the counterexample was drawn with */
  focusMs?: readonly number[];
  /** stop searching and shrinking after this many real ms (what was found so far still counts) */
  timeBudgetMs?: number;
  /**
   * runs spent shrinking each violated invariant's counterexample, at most (default 100); 0 keeps each
   * invariant's first failing run as its counterexample. A shrink run is judged on every invariant: one
   * that it is the first run to violate is violated, with that run as its counterexample (shrunk in
   * turn), so fewer shrink runs can only find fewer violations, never other verdicts for those found.
   */
  maxShrinkRuns?: number;
  /** the longest real ms spent shrinking each invariant (default: see shrinkBudgetMs in shrink-budget.ts) */
  shrinkBudgetMs?: number;
  /** independent runners at once, each with its own seed (default 1) */
  concurrency?: number;
  /**
   * this part of a search split across machines: the runners of shard i of n of a search made with
   * n × concurrency runners (see shard.ts); the seed is the whole search's
   */
  shard?: Shard;
  /** called after each run, for progress */
  onRun?: (progress: Progress) => void;
  /**
   * A target already started as `run` starts one, and not yet driven: the first run takes it instead
   * of starting its own (the search's probe hands over the target it asked what it serves). Only where
   * targets are started ahead (see canStartAhead); otherwise, and when no run takes it, it is disposed of.
   */
  firstTarget?: Target;
}

/** Where a search stands, after each run: what onProgress is called with, to show progress. */
export interface Progress {
  /** runs of the search proper */
  runs: number;
  /** runs that violated an invariant, the search's and the shrinking's */
  failures: number;
  /** runs made while shrinking */
  shrinkRuns: number;
  elapsedMs: number;
  /** the invariants with a counterexample so far, in the order they were found */
  violated: string[];
  /** the invariant whose counterexample is being shrunk now */
  shrinking: string | null;
}

/** One run: the scenario, what happened, what the checkers said, and whether it was a shrinking run. */
export interface Trial {
  scenario: Scenario;
  result: RunResult;
  report: CheckReport;
  phase: 'search' | 'shrink';
  /** a search run's place: its runner's seed and its index in that seed's stream (not for shrink runs) */
  run?: { seed: number; index: number };
}

/** One violated invariant's own smallest failing run, and where the search found it. */
export interface InvariantCounterexample {
  invariant: string;
  /** the seed of the runner that found it */
  seed: number;
  /** the fast-check path of the shrunk scenario: with the seed and the focus, it replays it */
  path: string;
  /** the focus times the scenario was drawn with */
  focusMs: number[];
  numShrinks: number;
  /** false when the shrink budget ended first: the smallest failing scenario found until then */
  shrunk: boolean;
  trial: Trial;
  /**
   * the invariant whose shrinking ran the scenario that was the first to violate this one (no search
   * run had); absent when a search run violated it first
   */
  foundWhileShrinking?: string;
}

export interface Found {
  seed: number;
  /** search runs made */
  numRuns: number;
  trials: Trial[];
  /** one per violated invariant, in the order the checkers list them */
  counterexamples: InvariantCounterexample[];
  /** the time budget ended the search before its runs were done */
  interrupted: boolean;
}

export type PropertyResult =
  | ({ status: 'passed' } & Found)
  /** an invariant whose violation fails the run has a counterexample */
  | ({ status: 'failed' } & Found)
  /** the search could not go on (the target failed to start) or a run reached no verdict */
  | ({ status: 'error'; reason: string; error?: TargetError } & Found);

/**
 * Searches the scenario space for runs that violate an invariant, and shrinks a counterexample for
 * each invariant on its own: a run that violates an invariant not yet seen is shrunk, with fast-check's
 * shrinker, to the smallest scenario that still violates that one invariant, and then the search goes
 * on — until every invariant has a counterexample or the runs are spent. A shrink run that is the first
 * to violate another invariant gives that one its counterexample, shrunk in turn from there: a failure
 * the tool saw is never dropped because it was seen while shrinking. So one search tells every
 * invariant a server breaks, not just the first, and each failure replays alone by its seed and path.
 *
 * Each run of the search is fast-check's run at index i of the seed's stream (`path` "i"), drawn from
 * the arbitrary for the focus times learnt before it; the path of a shrunk value walks on from there.
 * With `concurrency` k > 1, k runners search at once, runner i with seed + i and its share of the runs;
 * an invariant one runner has begun to shrink is not shrunk again by another. With `shard`, only that
 * shard's runners search (shard.ts says which), sharing nothing with the other shards' runners.
 */
export async function searchProperty(options: PropertyOptions): Promise<PropertyResult> {
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const numRuns = options.numRuns ?? 100;
  const started = performance.now();
  const shared: Shared = {
    runs: 0,
    failures: 0,
    shrinkRuns: 0,
    abort: null,
    claimed: new Set(),
    violated: [],
    shrinking: null,
    deadline: options.timeBudgetMs === undefined ? Infinity : started + options.timeBudgetMs,
    report: () =>
      options.onRun?.({
        runs: shared.runs,
        failures: shared.failures,
        shrinkRuns: shared.shrinkRuns,
        elapsedMs: Math.round(performance.now() - started),
        violated: [...shared.violated],
        shrinking: shared.shrinking,
      }),
  };
  const runner = new Runner(options, shared);
  let results;
  try {
    results =
      options.path !== undefined
        ? [await runner.replay(seed, options.path)]
        : await Promise.all(
            searchRunners(numRuns, options.concurrency ?? 1, options.shard).map(({ offset, runs }) => runner.search(seed + offset, runs)),
          );
  } finally {
    await runner.close();
  }
  const trials = results.flatMap((r) => r.trials);
  const order = (trials[0]?.report.results ?? []).map((r) => r.id);
  const counterexamples = results
    .flatMap((r) => r.counterexamples)
    .sort((a, b) => order.indexOf(a.invariant) - order.indexOf(b.invariant));
  const found: Found = {
    seed,
    numRuns: results.reduce((n, r) => n + r.numRuns, 0),
    trials,
    counterexamples,
    interrupted: results.some((r) => r.interrupted),
  };
  const strict = options.check?.strict ?? false;
  // A failure found stands even when the target later failed to start (a busy machine, say): its
  // counterexample is the smallest failing scenario found so far, and replays as such.
  if (counterexamples.some((c) => counterexampleFails(c, strict))) return { status: 'failed', ...found };
  if (shared.abort) return { status: 'error', reason: shared.abort.reason, ...(shared.abort.error ? { error: shared.abort.error } : {}), ...found };
  const unknown = trials.find((t) => t.phase === 'search' && (t.result.run.status === 'unknown' || t.report.verdict === 'unknown'));
  if (unknown) {
    const why = unknown.result.run.status === 'unknown' ? unknown.result.run.reason : 'an invariant could not be decided (see the report)';
    return { status: 'error', reason: `a run reached no verdict: ${why}`, ...found };
  }
  return { status: 'passed', ...found };
}

function counterexampleFails(c: InvariantCounterexample, strict: boolean): boolean {
  return failsTheRun(c.trial.report.results.find((r) => r.id === c.invariant)?.severity, strict);
}
