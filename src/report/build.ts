import type { InvariantCounterexample, PropertyResult } from '../run/property.js';
import { describeScenario } from '../scenario/arbitraries.js';
import { aggregateInvariants, replayCommand, type Counterexample, type Report, type RunResults, type SearchSettings } from './report.js';
import { failsTheRun } from '../checkers/verdict.js';

/** One invariant's counterexample as report.json holds it, with its own replay command. Pure. */
export function counterexampleOf(found: InvariantCounterexample, settings: SearchSettings): Counterexample {
  const { scenario, result: run } = found.trial;
  const at = { seed: found.seed, path: found.path, focus: found.focusMs };
  return {
    ...at,
    shrunk: found.shrunk,
    ...(found.foundWhileShrinking !== undefined ? { foundWhileShrinking: found.foundWhileShrinking } : {}),
    scenario,
    steps: describeScenario(scenario),
    history: run.history,
    historyHash: run.historyHash,
    output: { stdout: run.meta.stdoutTail, stderr: run.meta.stderrTail },
    replay: replayCommand(settings, at),
  };
}

/** What a report is made of, whether one search found it or shards of one search did. */
export interface SearchOutcome {
  status: PropertyResult['status'];
  reason: string | null;
  seed: number;
  numRuns: number;
  /** the verdicts of the search's own runs, in the runners' order */
  runs: readonly RunResults[];
  /** per violated invariant, its own counterexample and the verdicts of its shrunk run */
  own: ReadonlyMap<string, { results: RunResults; counterexample: Counterexample }>;
}

/** report.json from what a search found. Pure. */
export function reportOf(outcome: SearchOutcome, settings: SearchSettings, version: string): Report {
  const invariants = aggregateInvariants(outcome.runs, outcome.own);
  const failing = outcome.status === 'failed' ? invariants.find((i) => i.verdict === 'violated' && failsTheRun(i.severity, settings.strict)) : undefined;
  const counterexample = failing?.counterexample ?? null;
  return {
    tool: { name: 'shutdown-check', version },
    target: settings.target,
    clock: settings.clock,
    seed: outcome.seed,
    numRuns: outcome.numRuns,
    verdict: outcome.status === 'passed' ? 'pass' : outcome.status === 'failed' ? 'fail' : 'error',
    reason: outcome.status === 'error' ? outcome.reason : null,
    settings,
    invariants,
    counterexample,
    replay: counterexample?.replay ?? null,
  };
}

/** report.json from a finished search. Pure. */
export function buildReport(result: PropertyResult, settings: SearchSettings, version: string): Report {
  const own = new Map<string, { results: RunResults; counterexample: Counterexample }>();
  for (const found of result.counterexamples) {
    own.set(found.invariant, { results: found.trial.report.results, counterexample: counterexampleOf(found, settings) });
  }
  return reportOf(
    {
      status: result.status,
      reason: result.status === 'error' ? result.reason : null,
      seed: result.seed,
      numRuns: result.numRuns,
      // Shrinking runs are variations of one failure: what the search exercised is counted over its own runs.
      runs: result.trials.filter((t) => t.phase === 'search').map((t) => t.report.results),
      own,
    },
    settings,
    version,
  );
}
