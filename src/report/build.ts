import type { InvariantCounterexample, PropertyResult } from '../run/property.js';
import { describeScenario } from '../scenario/arbitraries.js';
import { aggregateInvariants, replayCommand, type Counterexample, type Report, type RunResults, type SearchSettings } from './report.js';

/** One invariant's counterexample as report.json holds it, with its own replay command. Pure. */
export function counterexampleOf(found: InvariantCounterexample, settings: SearchSettings): Counterexample {
  const { scenario, result: run } = found.trial;
  const at = { seed: found.seed, path: found.path, focus: found.focusMs };
  return {
    ...at,
    shrunk: found.shrunk,
    scenario,
    steps: describeScenario(scenario),
    history: run.history,
    historyHash: run.historyHash,
    output: { stdout: run.meta.stdoutTail, stderr: run.meta.stderrTail },
    replay: replayCommand(settings, at),
  };
}

/** report.json from a finished search. Pure. */
export function buildReport(result: PropertyResult, settings: SearchSettings, version: string): Report {
  // Shrinking runs are variations of one failure: what the search exercised is counted over its own runs.
  const runs = result.trials.filter((t) => t.phase === 'search').map((t) => t.report.results);
  const own = new Map<string, { results: RunResults; counterexample: Counterexample }>();
  for (const found of result.counterexamples) {
    own.set(found.invariant, { results: found.trial.report.results, counterexample: counterexampleOf(found, settings) });
  }
  const invariants = aggregateInvariants(runs, own);
  const failing = result.status === 'failed' ? invariants.find((i) => i.verdict === 'violated' && (i.severity === 'error' || settings.strict)) : undefined;
  const counterexample = failing?.counterexample ?? null;
  return {
    tool: { name: 'shutdown-check', version },
    target: settings.target,
    clock: settings.clock,
    seed: result.seed,
    numRuns: result.numRuns,
    verdict: result.status === 'passed' ? 'pass' : result.status === 'failed' ? 'fail' : 'error',
    reason: result.status === 'error' ? result.reason : null,
    settings,
    invariants,
    counterexample,
    replay: counterexample?.replay ?? null,
  };
}
