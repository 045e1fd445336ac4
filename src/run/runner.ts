import fc from 'fast-check';
import { checkAll } from '../checkers/catalogue.js';
import type { Scenario } from '../scenario/types.js';
import { TargetError } from '../target/errors.js';
import type { Target } from '../target/target.js';
import { canStartAhead, executeScenario, launchNodeTarget, type RunOptions, type RunResult } from './executor.js';
import type { Found, InvariantCounterexample, PropertyOptions, Trial } from './property.js';
import { shrinkBudgetMs } from './shrink-budget.js';
import { ShrinkWalk, type SeenWhileShrinking, type ToShrink } from './shrink-walk.js';
import { TargetsAhead } from './targets-ahead.js';

/** The default of `maxShrinkRuns`. */
const MAX_SHRINK_RUNS = 100;
/** At most this many focus times: each new one rebuilds the arbitrary, and a few cover a server's cuts. */
const MAX_FOCUS = 8;

/** The ids of the invariants a run violated, in the checkers' order. */
function violatedIn(trial: Trial): string[] {
  return trial.report.results.filter((r) => r.verdict.verdict === 'violated').map((r) => r.id);
}

function violates(trial: Trial, invariant: string): boolean {
  return trial.report.results.some((r) => r.id === invariant && r.verdict.verdict === 'violated');
}

/** What the runners share: the counts for progress, the invariants claimed, and an abort. */
export type Shared = {
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

/** One runner of the search: its runs, the shrinking of what they violate, and replays. */
export class Runner {
  /** Under the virtual clock one scenario gives one history: a scenario run before is not run again. */
  private readonly cache = new Map<string, Omit<Trial, 'phase'>>();

  /** the search's targets, started a run ahead; none for a replay, which has one run */
  private ahead: TargetsAhead | null = null;
  private first: Target | undefined;

  constructor(
    private readonly options: PropertyOptions,
    private readonly shared: Shared,
  ) {
    this.first = options.firstTarget;
  }

  /** Disposes of the spare target, if one was started for a run that did not come. */
  async close(): Promise<void> {
    await this.ahead?.close();
    await this.takeFirstTarget()?.dispose();
  }

  /** The target handed to the search, to the one that takes it first (see PropertyOptions.firstTarget). */
  private takeFirstTarget(): Target | undefined {
    const first = this.first;
    this.first = undefined;
    return first;
  }

  private arbitraryFor(focusMs: readonly number[]): fc.Arbitrary<Scenario> {
    const { arbitrary } = this.options;
    return typeof arbitrary === 'function' ? arbitrary(focusMs) : arbitrary;
  }

  private timeUp(): boolean {
    return performance.now() >= this.shared.deadline;
  }

  /** Replays the scenario at `path` and judges it: no search, no shrinking. */
  async replay(seed: number, path: string): Promise<RunnerResult> {
    const focusMs = [...(this.options.focusMs ?? [])];
    const trial = await this.runAt(this.arbitraryFor(focusMs), seed, path, 'search');
    if (!trial) return { numRuns: 0, trials: [], counterexamples: [], interrupted: false };
    const counterexamples = violatedIn(trial).map((invariant) => ({ invariant, seed, path, focusMs, numShrinks: 0, shrunk: true, trial }));
    return { numRuns: 1, trials: [trial], counterexamples, interrupted: false };
  }

  /** Runs `numRuns` runs of the search from `seed`, shrinking each invariant's first violation. */
  async search(seed: number, numRuns: number): Promise<RunnerResult> {
    const run = this.options.run;
    if (canStartAhead(run)) this.ahead ??= new TargetsAhead(() => launchNodeTarget(run), this.takeFirstTarget());
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
      const drawn = await this.runAt(arbitrary, seed, String(i), 'search');
      if (!drawn) break;
      const trial: Trial = { ...drawn, run: { seed, index: i } };
      runs++;
      trials.push(trial);
      const drawnWith = focusMs;
      focusMs = this.learnt(focusMs, trial);
      // A shrink run sees every invariant, not only the one it shrinks: one it is the first to violate
      // is shrunk in turn from that run, whose path replays it, with the same arbitrary and focus.
      const queue: ToShrink[] = violatedIn(trial).map((invariant) => ({ invariant, path: String(i), trial }));
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
        const { invariant } = next;
        if (this.shared.claimed.has(invariant)) continue;
        this.shared.claimed.add(invariant);
        this.shared.violated.push(invariant);
        const { counterexample, seen } = await this.shrink(invariant, arbitrary, { seed, path: next.path, focusMs: drawnWith }, next.trial, trials);
        const foundWhileShrinking = next.foundWhileShrinking;
        counterexamples.push(foundWhileShrinking === undefined ? counterexample : { ...counterexample, foundWhileShrinking });
        queue.push(...seen.map((s) => ({ ...s, foundWhileShrinking: invariant })));
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
   * Shrinks `first`, which violates `invariant`, to the smallest scenario that still violates it, and
   * names the runs that were the first to violate another invariant no runner has claimed (`seen`).
   * fast-check walks the shrink tree from `at.path`; a smaller scenario counts as failing only if it
   * violates this invariant (under the real clock twice in a row, so that the counterexample printed is
   * one its replay repeats). The budget is MAX_SHRINK_RUNS runs, the search's time budget, and the
   * shrink budget (shrink-budget.ts): by default, under the real clock, a multiple of the failing run's
   * own wall time.
   */
  private async shrink(
    invariant: string,
    arbitrary: fc.Arbitrary<Scenario>,
    at: { seed: number; path: string; focusMs: number[] },
    first: Trial,
    trials: Trial[],
  ): Promise<{ counterexample: InvariantCounterexample; seen: SeenWhileShrinking[] }> {
    const real = realClock(this.options.run);
    const maxRuns = this.options.maxShrinkRuns ?? MAX_SHRINK_RUNS;
    if (maxRuns === 0) {
      return { counterexample: { invariant, seed: at.seed, path: at.path, focusMs: at.focusMs, numShrinks: 0, shrunk: false, trial: first }, seen: [] };
    }
    // Under the real clock a smaller scenario counts as failing only if it fails twice in a row, so that
    // the counterexample printed is one its replay repeats.
    const tries = real ? { needed: 2, of: 2 } : { needed: 1, of: 1 };
    const wallEnd = performance.now() + shrinkBudgetMs(this.options.shrinkBudgetMs, real, first.result.meta.wallMs);
    const firstKey = JSON.stringify(first.scenario);
    let smallest = first;
    let runs = 0;
    let stopped = false;
    this.shared.shrinking = invariant;
    this.shared.failures++;
    this.shared.report();
    const walk = new ShrinkWalk(at.path);
    const seen: SeenWhileShrinking[] = [];
    const see = (trial: Trial, path: string): void => {
      for (const other of violatedIn(trial)) {
        if (other === invariant || this.shared.claimed.has(other) || seen.some((s) => s.invariant === other)) continue;
        seen.push({ invariant: other, path, trial });
      }
    };
    const attempt = async (scenario: Scenario, path: string): Promise<boolean> => {
      // The walk starts at the failing run itself: it is not run again.
      if (JSON.stringify(scenario) === firstKey) return !violates(first, invariant);
      if (this.shared.abort || runs >= maxRuns || this.timeUp() || performance.now() >= wallEnd) {
        stopped = true;
        return true;
      }
      runs++;
      const { needed, of } = tries;
      let failing: Trial | null = null;
      let fails = 0;
      for (let run = 0; run < of && fails < needed && needed - fails <= of - run; run++) {
        const trial = await this.execute(scenario, 'shrink');
        if (!trial) return true;
        trials.push(trial);
        see(trial, path);
        if (violates(trial, invariant)) {
          fails++;
          failing = trial;
        }
      }
      if (!failing || fails < needed) return true;
      this.shared.failures++;
      smallest = failing;
      return false;
    };
    const property = fc.asyncProperty(arbitrary, async (scenario) => {
      const path = walk.next();
      const passed = await attempt(scenario, path);
      if (!passed) walk.fail();
      return passed;
    });
    const details = await this.check(property, { seed: at.seed, path: at.path, numRuns: 1 });
    this.shared.shrinking = null;
    const shrunkPath = details.failed && details.counterexamplePath !== null ? details.counterexamplePath : at.path;
    // The paths the walk gave the runs it saw other violations in are only as good as its tracking of
    // fast-check's: the path fast-check reports for the last failure must be the walk's.
    if (details.failed && walk.failure !== shrunkPath) {
      throw new Error(`the shrink walk of ${invariant} lost fast-check's path: ${String(walk.failure)}, not ${shrunkPath}`);
    }
    // fast-check's counterexample is the last value that failed, which is `smallest`.
    const [value] = details.counterexample ?? [first.scenario];
    if (JSON.stringify(value) !== JSON.stringify(smallest.scenario)) {
      throw new Error(`the shrunk counterexample of ${invariant} is not the last failing run: ${JSON.stringify(value)}`);
    }
    const counterexample = { invariant, seed: at.seed, path: shrunkPath, focusMs: at.focusMs, numShrinks: details.numShrinks, shrunk: !stopped, trial: smallest };
    return { counterexample, seen };
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
    // One scenario gives one history only under the virtual clock.
    const repeatable = !realClock(this.options.run);
    const cached = repeatable ? this.cache.get(key) : undefined;
    let trial: Trial;
    if (cached) {
      trial = { ...cached, phase };
    } else {
      let result: RunResult;
      try {
        result = await executeScenario(scenario, this.options.run, this.ahead ?? undefined);
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
