import type { PropertyResult } from '../run/property.js';
import { describeScenario } from '../scenario/arbitraries.js';
import { aggregateInvariants, replayCommand, type Report, type SearchSettings } from './report.js';

/** report.json from a finished search. Pure. */
export function buildReport(result: PropertyResult, settings: SearchSettings, version: string): Report {
  const runs = result.trials.map((t) => t.report.results);
  const base = {
    tool: { name: 'shutdown-check' as const, version },
    target: settings.target,
    clock: settings.clock,
    seed: result.seed,
    // fast-check's count: runs until the failure (or all of them), not the shrinking runs after it
    numRuns: result.status === 'error' ? result.trials.length : result.numRuns,
    settings,
  };
  if (result.status === 'failed') {
    const { scenario, result: run, report } = result.counterexample;
    return {
      ...base,
      seed: result.seed,
      verdict: 'fail',
      reason: null,
      // What the smallest failing scenario shows, not evidence gathered from larger ones on the way.
      invariants: aggregateInvariants([], report.results),
      counterexample: {
        scenario,
        steps: describeScenario(scenario),
        path: result.path,
        history: run.history,
        historyHash: run.historyHash,
        output: { stdout: run.meta.stdoutTail, stderr: run.meta.stderrTail },
      },
      replay: replayCommand(settings, result.seed, result.path),
    };
  }
  return {
    ...base,
    verdict: result.status === 'passed' ? 'pass' : 'error',
    reason: result.status === 'error' ? result.reason : null,
    invariants: aggregateInvariants(runs, null),
    counterexample: null,
    replay: null,
  };
}
