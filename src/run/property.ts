import fc from 'fast-check';
import { checkAll, type CheckReport } from '../checkers/catalogue.js';
import type { CheckOptions } from '../checkers/checker.js';
import { racesTheSignal } from '../scenario/timeline.js';
import type { Scenario } from '../scenario/types.js';
import { TargetError } from '../target/errors.js';
import { executeScenario, type RunOptions, type RunResult } from './executor.js';

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
  /** replay of a scenario that races the signal: run it again until this invariant is violated */
  reproduce?: string;
  /** stop searching and shrinking after this many real ms (what was found so far still counts) */
  timeBudgetMs?: number;
  /**
   * runs spent shrinking each violated invariant's counterexample, at most (default 100); 0 keeps each
   * invariant's first failing run as its counterexample. Shrinking never changes a verdict: only the
   * search's own runs find violations, shrinking makes their scenarios smaller.
   */
  maxShrinkRuns?: number;
  /** independent runners at once, each with its own seed (default 1) */
  concurrency?: number;
  /** called after each run, for progress */
  onRun?: (progress: Progress) => void;
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
}

interface Found {
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

/** How often a replay runs a scenario that races a request against the signal before it gives up. */
const RACE_TRIES = 10;
/**
 * While shrinking, a scenario that races the signal counts as failing when RACE_SHRINK.needed of
 * RACE_SHRINK.of runs fail: once is too easy (the shrinker walks to scenarios that almost never fail,
 * whose replay then rarely does), every time too hard (the target's coin loses half the time).
 */
const RACE_SHRINK = { needed: 2, of: 5 };
/** The default of `maxShrinkRuns`. */
const MAX_SHRINK_RUNS = 100;
/** At most this many focus times: each new one rebuilds the arbitrary, and a few cover a server's cuts. */
const MAX_FOCUS = 8;
/**
 * Under the real clock a shrinking run costs what the failing run cost; the shrink of one invariant
 * stops after this many times that run's wall time (and at least SHRINK_MIN_MS).
 */
const SHRINK_WALL_FACTOR = 30;
const SHRINK_MIN_MS = 20_000;

/**
 * Searches the scenario space for runs that violate an invariant, and shrinks a counterexample for
 * each invariant on its own: a run that violates an invariant not yet seen is shrunk, with fast-check's
 * shrinker, to the smallest scenario that still violates that one invariant, and then the search goes
 * on — until every invariant has a counterexample or the runs are spent. So one search tells every
 * invariant a server breaks, not just the first, and each failure replays alone by its seed and path.
 *
 * Each run of the search is fast-check's run at index i of the seed's stream (`path` "i"), drawn from
 * the arbitrary for the focus times learnt before it; the path of a shrunk value walks on from there.
 * With `concurrency` k > 1, k runners search at once, runner i with seed + i and its share of the runs;
 * an invariant one runner has begun to shrink is not shrunk again by another.
 */
export async function searchProperty(options: PropertyOptions): Promise<PropertyResult> {
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const numRuns = options.numRuns ?? 100;
  const concurrency = options.path !== undefined ? 1 : Math.max(1, Math.min(options.concurrency ?? 1, numRuns));
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
  const results =
    options.path !== undefined
      ? [await runner.replay(seed, options.path)]
      : await Promise.all(
          Array.from({ length: concurrency }, (_, i) =>
            runner.search(seed + i, Math.floor(numRuns / concurrency) + (i < numRuns % concurrency ? 1 : 0)),
          ),
        );
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
  if (counterexamples.some((c) => failsTheRun(c, strict))) return { status: 'failed', ...found };
  if (shared.abort) return { status: 'error', reason: shared.abort.reason, ...(shared.abort.error ? { error: shared.abort.error } : {}), ...found };
  const unknown = trials.find((t) => t.phase === 'search' && (t.result.run.status === 'unknown' || t.report.verdict === 'unknown'));
  if (unknown) {
    const why = unknown.result.run.status === 'unknown' ? unknown.result.run.reason : 'an invariant could not be decided (see the report)';
    return { status: 'error', reason: `a run reached no verdict: ${why}`, ...found };
  }
  return { status: 'passed', ...found };
}

function failsTheRun(c: InvariantCounterexample, strict: boolean): boolean {
  const severity = c.trial.report.results.find((r) => r.id === c.invariant)?.severity;
  return severity === 'error' || strict;
}

/** The ids of the invariants a run violated, in the checkers' order. */
function violatedIn(trial: Trial): string[] {
  return trial.report.results.filter((r) => r.verdict.verdict === 'violated').map((r) => r.id);
}

function violates(trial: Trial, invariant: string): boolean {
  return trial.report.results.some((r) => r.id === invariant && r.verdict.verdict === 'violated');
}

/** What the runners share: the counts for progress, the invariants claimed, and an abort. */
type Shared = {
  runs: number;
  failures: number;
  shrinkRuns: number;
  abort: null | { reason: string; error?: TargetError };
  /** invariants a runner has begun to shrink */
  claimed: Set<string>;
  violated: string[];
  shrinking: string | null;
  /** performance.now() at which the time budget ends */
  deadline: number;
  report: () => void;
};

type RunnerResult = Omit<Found, 'seed'>;

class Runner {
  /** Under the virtual clock one scenario gives one history: a scenario run before is not run again. */
  private readonly cache = new Map<string, Omit<Trial, 'phase'>>();

  constructor(
    private readonly options: PropertyOptions,
    private readonly shared: Shared,
  ) {}

  private arbitraryFor(focusMs: readonly number[]): fc.Arbitrary<Scenario> {
    const { arbitrary } = this.options;
    return typeof arbitrary === 'function' ? arbitrary(focusMs) : arbitrary;
  }

  private timeUp(): boolean {
    return performance.now() >= this.shared.deadline;
  }

  /**
   * Replays the scenario at `path` and judges it: no search, no shrinking. A scenario that races a
   * request against the signal (racesTheSignal) is run again, up to RACE_TRIES times, until a run
   * violates `reproduce` (or, without it, any invariant): the target decides that race, and the
   * counterexample was the way that fails.
   */
  async replay(seed: number, path: string): Promise<RunnerResult> {
    const focusMs = [...(this.options.focusMs ?? [])];
    let trial = await this.runAt(this.arbitraryFor(focusMs), seed, path, 'search');
    if (!trial) return { numRuns: 0, trials: [], counterexamples: [], interrupted: false };
    const trials = [trial];
    const { reproduce } = this.options;
    const failed = (t: Trial): boolean => (reproduce === undefined ? violatedIn(t).length > 0 : violates(t, reproduce));
    while (!failed(trial) && racesTheSignal(trial.scenario) && trials.length < RACE_TRIES) {
      const again = await this.execute(trial.scenario, 'search');
      if (!again) break;
      trials.push(again);
      trial = again;
    }
    const counterexamples = violatedIn(trial).map((invariant) => ({ invariant, seed, path, focusMs, numShrinks: 0, shrunk: true, trial }));
    return { numRuns: trials.length, trials, counterexamples, interrupted: false };
  }

  /** Runs `numRuns` runs of the search from `seed`, shrinking each invariant's first violation. */
  async search(seed: number, numRuns: number): Promise<RunnerResult> {
    const trials: Trial[] = [];
    const counterexamples: InvariantCounterexample[] = [];
    let focusMs: number[] = [...(this.options.focusMs ?? [])];
    let runs = 0;
    let interrupted = false;
    for (let i = 0; i < numRuns; i++) {
      if (this.shared.abort) break;
      if (this.timeUp()) {
        interrupted = true;
        break;
      }
      const arbitrary = this.arbitraryFor(focusMs);
      const trial = await this.runAt(arbitrary, seed, String(i), 'search');
      if (!trial) break;
      runs++;
      trials.push(trial);
      const drawnWith = focusMs;
      focusMs = this.learnt(focusMs, trial);
      for (const invariant of violatedIn(trial)) {
        if (this.shared.claimed.has(invariant)) continue;
        this.shared.claimed.add(invariant);
        this.shared.violated.push(invariant);
        const shrunk = await this.shrink(invariant, arbitrary, { seed, path: String(i), focusMs: drawnWith }, trial, trials);
        counterexamples.push(shrunk);
      }
      // Every invariant the runs apply has its own counterexample: nothing is left to find.
      const open = trial.report.results.filter((r) => r.verdict.verdict !== 'not-applicable' && !this.shared.claimed.has(r.id));
      if (open.length === 0) break;
    }
    return { numRuns: runs, trials, counterexamples, interrupted };
  }

  /** The focus times after a run: the ones it showed added, in the order learnt, at most MAX_FOCUS. */
  private learnt(focusMs: number[], trial: Trial): number[] {
    const { learn } = this.options;
    if (!learn || typeof this.options.arbitrary !== 'function') return focusMs;
    const next = [...focusMs];
    for (const t of learn(trial)) if (next.length < MAX_FOCUS && !next.includes(t)) next.push(t);
    return next.length === focusMs.length ? focusMs : next;
  }

  /**
   * Runs fast-check's value at `path` of the seed's stream and judges it. Null when the search was
   * aborted (the target could not be brought up).
   */
  private async runAt(arbitrary: fc.Arbitrary<Scenario>, seed: number, path: string, phase: Trial['phase']): Promise<Trial | null> {
    let trial: Trial | null = null;
    let calls = 0;
    // Given a path of several steps, fast-check goes on through the rest of that shrink stream whatever
    // numRuns says; the second value "fails" so that endOnFailure ends the check there, unrun.
    const property = fc.asyncProperty(arbitrary, async (scenario) => {
      if (calls++ > 0) return false;
      trial = await this.execute(scenario, phase);
      return true;
    });
    await this.check(property, { seed, path, numRuns: 1, endOnFailure: true });
    return trial;
  }

  /**
   * Shrinks `first`, which violates `invariant`, to the smallest scenario that still violates it.
   * fast-check walks the shrink tree from `at.path`; a smaller scenario counts as failing only if it
   * violates this invariant (under the real clock, or racing a request against the signal, twice in a
   * row, so that the counterexample printed is one its replay repeats). The budget is MAX_SHRINK_RUNS runs, the search's time budget, and under
   * the real clock a multiple of the failing run's own wall time.
   */
  private async shrink(
    invariant: string,
    arbitrary: fc.Arbitrary<Scenario>,
    at: { seed: number; path: string; focusMs: number[] },
    first: Trial,
    trials: Trial[],
  ): Promise<InvariantCounterexample> {
    const real = realClock(this.options.run);
    const maxRuns = this.options.maxShrinkRuns ?? MAX_SHRINK_RUNS;
    if (maxRuns === 0) return { invariant, seed: at.seed, path: at.path, focusMs: at.focusMs, numShrinks: 0, shrunk: false, trial: first };
    // Under the real clock a smaller scenario counts as failing only if it fails twice in a row, so that
    // the counterexample printed is one its replay repeats. A request racing the signal under the virtual
    // clock is the target's own coin: such a scenario counts as failing if it fails often enough
    // (RACE_SHRINK), and its replay (`--reproduce`) runs it until it does.
    const tries = (scenario: Scenario): { needed: number; of: number } =>
      real ? { needed: 2, of: 2 } : racesTheSignal(scenario) ? RACE_SHRINK : { needed: 1, of: 1 };
    const wallEnd = real ? performance.now() + Math.max(SHRINK_MIN_MS, SHRINK_WALL_FACTOR * first.result.meta.wallMs) : Infinity;
    const firstKey = JSON.stringify(first.scenario);
    let smallest = first;
    let runs = 0;
    let stopped = false;
    this.shared.shrinking = invariant;
    this.shared.failures++;
    this.shared.report();
    const property = fc.asyncProperty(arbitrary, async (scenario) => {
      // The walk starts at the failing run itself: it is not run again.
      if (JSON.stringify(scenario) === firstKey) return !violates(first, invariant);
      if (this.shared.abort || runs >= maxRuns || this.timeUp() || performance.now() >= wallEnd) {
        stopped = true;
        return true;
      }
      runs++;
      const { needed, of } = tries(scenario);
      let failing: Trial | null = null;
      let fails = 0;
      for (let run = 0; run < of && fails < needed && needed - fails <= of - run; run++) {
        const trial = await this.execute(scenario, 'shrink');
        if (!trial) return true;
        trials.push(trial);
        if (violates(trial, invariant)) {
          fails++;
          failing = trial;
        }
      }
      if (!failing || fails < needed) return true;
      this.shared.failures++;
      smallest = failing;
      return false;
    });
    const details = await this.check(property, { seed: at.seed, path: at.path, numRuns: 1 });
    this.shared.shrinking = null;
    const shrunkPath = details.failed && details.counterexamplePath !== null ? details.counterexamplePath : at.path;
    // fast-check's counterexample is the last value that failed, which is `smallest`.
    const [value] = details.counterexample ?? [first.scenario];
    if (JSON.stringify(value) !== JSON.stringify(smallest.scenario)) {
      throw new Error(`the shrunk counterexample of ${invariant} is not the last failing run: ${JSON.stringify(value)}`);
    }
    return { invariant, seed: at.seed, path: shrunkPath, focusMs: at.focusMs, numShrinks: details.numShrinks, shrunk: !stopped, trial: smallest };
  }

  /** fc.check, rethrowing a harness error raised inside the property rather than reporting it as a failure. */
  private async check(
    property: fc.IAsyncProperty<[Scenario]>,
    params: { seed: number; path: string; numRuns: number; endOnFailure?: boolean },
  ): Promise<fc.RunDetails<[Scenario]>> {
    this.harnessError = null;
    const details = await fc.check(property, params);
    if (this.harnessError !== null) throw this.harnessError;
    return details;
  }

  /** A bug of the harness itself (not a verdict): it must surface, not be shrunk as a counterexample. */
  private harnessError: unknown = null;

  /** Runs one scenario and judges it; null when the target could not be brought up (the search aborts). */
  private async execute(scenario: Scenario, phase: Trial['phase']): Promise<Trial | null> {
    if (this.shared.abort || this.harnessError !== null) return null;
    const key = JSON.stringify(scenario);
    // One scenario gives one history only under the virtual clock, and only without a request racing the signal.
    const repeatable = !realClock(this.options.run) && !racesTheSignal(scenario);
    const cached = repeatable ? this.cache.get(key) : undefined;
    let trial: Trial;
    if (cached) {
      trial = { ...cached, phase };
    } else {
      let result: RunResult;
      try {
        result = await executeScenario(scenario, this.options.run);
      } catch (error) {
        if (!(error instanceof TargetError)) {
          this.harnessError ??= error;
          throw error;
        }
        this.shared.abort = { reason: error.message, error };
        return null;
      }
      trial = { scenario, result, report: checkAll(result.history, scenario, { ...this.options.check }), phase };
      if (repeatable) this.cache.set(key, { scenario, result, report: trial.report });
    }
    if (phase === 'search') this.shared.runs++;
    else this.shared.shrinkRuns++;
    this.shared.report();
    return trial;
  }
}

function realClock(run: RunOptions): boolean {
  return run.command !== undefined || run.clock === 'real';
}
