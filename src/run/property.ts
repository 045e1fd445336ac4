import fc from 'fast-check';
import { checkAll, type CheckReport } from '../checkers/catalogue.js';
import type { CheckOptions } from '../checkers/checker.js';
import type { Scenario } from '../scenario/types.js';
import { TargetError } from '../target/errors.js';
import { executeScenario, type RunOptions, type RunResult } from './executor.js';

export interface PropertyOptions {
  /** how each scenario is run: the target and the clock */
  run: RunOptions;
  arbitrary: fc.Arbitrary<Scenario>;
  check?: Partial<CheckOptions>;
  /** property runs (default 100) */
  numRuns?: number;
  /** default: a random one, printed so the search can be replayed */
  seed?: number;
  /** replay: the path fast-check printed for the counterexample (with its seed) */
  path?: string;
  /** stop searching after this many real ms (the runs done so far still count) */
  timeBudgetMs?: number;
  /** independent runners at once, each with its own seed (default 1) */
  concurrency?: number;
  /** called after each run, for progress */
  onRun?: (progress: Progress) => void;
}

export interface Progress {
  /** runs of the search, before the first failure */
  runs: number;
  /** failing runs: the first, then each smaller scenario that still fails while shrinking */
  failures: number;
  /** runs made while shrinking */
  shrinkRuns: number;
  elapsedMs: number;
}

/** One run of the property: the scenario, what happened, and what the checkers said. */
export interface Trial {
  scenario: Scenario;
  result: RunResult;
  report: CheckReport;
}

export type PropertyResult =
  | { status: 'passed'; seed: number; numRuns: number; trials: Trial[]; interrupted: boolean }
  | {
      status: 'failed';
      seed: number;
      /** the fast-check path of the shrunk counterexample: with the seed, it replays it */
      path: string;
      numRuns: number;
      numShrinks: number;
      counterexample: Trial;
      trials: Trial[];
    }
  /** the search could not go on: the target failed to start, or a run never reached a verdict */
  | { status: 'error'; seed: number; reason: string; error?: TargetError; trials: Trial[] };

/**
 * Searches the scenario space for a run whose verdict is `fail`, then shrinks it to the smallest
 * scenario that still fails (fast-check's shrinking: fewer clients, fewer requests, shorter times).
 *
 * With `concurrency` k > 1 it runs k independent searches at once, runner i with seed + i and its
 * share of the runs: each failure is then replayed by its own runner's seed and path alone.
 */
export async function searchProperty(options: PropertyOptions): Promise<PropertyResult> {
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const numRuns = options.numRuns ?? 100;
  const concurrency = options.path !== undefined ? 1 : Math.max(1, Math.min(options.concurrency ?? 1, numRuns));
  const started = performance.now();
  const shared: Shared = { runs: 0, failures: 0, shrinkRuns: 0, abort: null };
  const report = (): void =>
    options.onRun?.({
      runs: shared.runs,
      failures: shared.failures,
      shrinkRuns: shared.shrinkRuns,
      elapsedMs: Math.round(performance.now() - started),
    });

  const runners = Array.from({ length: concurrency }, (_, i) =>
    searchOne(options, {
      seed: seed + i,
      numRuns: Math.floor(numRuns / concurrency) + (i < numRuns % concurrency ? 1 : 0),
      shared,
      report,
      started,
    }),
  );
  const results = await Promise.all(runners);
  const trials = results.flatMap((r) => r.trials);
  // A failure found stands even when the target later failed to start (a busy machine, say) while
  // shrinking: its counterexample is the smallest failing scenario found so far, and replays as such.
  const failed = results.find((r) => r.status === 'failed');
  if (failed) return { ...failed, trials };
  if (shared.abort) return { status: 'error', seed, reason: shared.abort.reason, ...(shared.abort.error ? { error: shared.abort.error } : {}), trials };
  const unknown = trials.find((t) => t.result.run.status === 'unknown' || t.report.verdict === 'unknown');
  if (unknown) {
    const why =
      unknown.result.run.status === 'unknown'
        ? unknown.result.run.reason
        : 'an invariant could not be decided (see the report)';
    return { status: 'error', seed, reason: `a run reached no verdict: ${why}`, trials };
  }
  return {
    status: 'passed',
    seed,
    numRuns: trials.length,
    trials,
    interrupted: results.some((r) => r.status === 'passed' && r.interrupted),
  };
}

type Shared = {
  runs: number;
  failures: number;
  shrinkRuns: number;
  abort: null | { reason: string; error?: TargetError };
};

async function searchOne(
  options: PropertyOptions,
  own: { seed: number; numRuns: number; shared: Shared; report: () => void; started: number },
): Promise<PropertyResult> {
  const trials: Trial[] = [];
  let lastFailure: Trial | null = null;
  // A bug of the harness itself (not a verdict): it must surface, not be shrunk as a counterexample.
  let harnessError: unknown = null;
  const property = fc.asyncProperty(options.arbitrary, async (scenario) => {
    // Once the search is aborted, the remaining runs and shrinks pass without running anything.
    if (own.shared.abort) return true;
    let result: RunResult;
    try {
      result = await executeScenario(scenario, options.run);
    } catch (error) {
      if (!(error instanceof TargetError)) {
        harnessError ??= error;
        throw error;
      }
      own.shared.abort = { reason: error.message, error };
      return true;
    }
    let report = checkAll(result.history, scenario, { ...options.check });
    // Under the real clock shrinking walks to the edge of the failing region, where a failure can hang
    // on a millisecond of the machine's speed: a smaller scenario counts as failing only if it fails
    // twice in a row, so that the counterexample printed is one its replay repeats.
    if (report.verdict === 'fail' && own.shared.failures > 0 && realClock(options.run)) {
      const again = await executeScenario(scenario, options.run).catch(() => null);
      if (again === null) return true;
      const confirmed = checkAll(again.history, scenario, { ...options.check });
      if (confirmed.verdict !== 'fail') return true;
      result = again;
      report = confirmed;
    }
    const trial = { scenario, result, report };
    trials.push(trial);
    if (own.shared.failures > 0) own.shared.shrinkRuns++;
    else own.shared.runs++;
    if (report.verdict === 'fail') {
      own.shared.failures++;
      lastFailure = trial;
    }
    own.report();
    return report.verdict !== 'fail';
  });
  const timeLeft =
    options.timeBudgetMs === undefined ? undefined : Math.max(1, options.timeBudgetMs - (performance.now() - own.started));
  const details = await fc.check(property, {
    seed: own.seed,
    numRuns: own.numRuns,
    ...(options.path !== undefined ? { path: options.path } : {}),
    ...(timeLeft !== undefined ? { interruptAfterTimeLimit: timeLeft, markInterruptAsFailure: false } : {}),
  });
  if (harnessError !== null) throw harnessError;
  if (details.failed && details.counterexample && details.counterexamplePath !== null) {
    const [shrunk] = details.counterexample;
    const failure = lastFailure as Trial | null;
    // fast-check's final counterexample is the last value that failed; run it again only if the last
    // failing run was not that value (it then also proves the failure reproduces).
    const counterexample =
      failure && JSON.stringify(failure.scenario) === JSON.stringify(shrunk) ? failure : await rerun(options, shrunk);
    return {
      status: 'failed',
      seed: own.seed,
      path: details.counterexamplePath,
      numRuns: details.numRuns,
      numShrinks: details.numShrinks,
      counterexample,
      trials,
    };
  }
  if (details.failed) throw new Error(`the property search ended without a counterexample: ${fc.defaultReportMessage(details) ?? 'no detail'}`);
  return { status: 'passed', seed: own.seed, numRuns: details.numRuns, trials, interrupted: details.interrupted };
}

function realClock(run: RunOptions): boolean {
  return run.command !== undefined || run.clock === 'real';
}

async function rerun(options: PropertyOptions, scenario: Scenario): Promise<Trial> {
  const result = await executeScenario(scenario, options.run);
  return { scenario, result, report: checkAll(result.history, scenario, { ...options.check }) };
}
