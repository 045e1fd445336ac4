import type { OverallVerdict } from '../checkers/catalogue.js';
import type { InvariantResult } from '../checkers/verdict.js';
import type { HistoryEvent } from '../history/events.js';
import type { RunStatus } from '../run/executor.js';
import { describeScenario } from '../scenario/arbitraries.js';
import type { Scenario } from '../scenario/types.js';
import { aggregateInvariants, runWords, shellWord, type Report, type SearchSettings } from './report.js';

/** One scenario run against one target and judged: what runScenario returns. */
export interface ScenarioResult {
  target: string;
  /** the Node release the target ran under, when one was asked for (`--node`) */
  node?: string;
  clock: 'virtual' | 'real';
  scenario: Scenario;
  /** the scenario as readable steps */
  steps: string[];
  /** `completed`, or `unknown` with the reason the run could not finish (the watchdog) */
  run: RunStatus;
  /**
   * `fail` when an invariant that can fail the run is violated; otherwise `unknown` when the run did
   * not complete or an invariant could not be decided; otherwise `pass`
   */
  verdict: OverallVerdict;
  /** one entry per invariant, in the shape of report.json's */
  invariants: Report['invariants'];
  /** the canonical history */
  history: HistoryEvent[];
  historyHash: string;
  /** the command that runs this very scenario again */
  replay: string;
}

/** How the scenario was run: what its replay command must repeat. */
export interface ScenarioSettings {
  /** the Node entry file, or the command of a command target */
  target: string;
  /** present when the target is a command: how it gets its port and says it is ready */
  command?: SearchSettings['command'];
  clock: 'virtual' | 'real';
  /** real clock only: real ms per scenario ms (1 when absent) */
  timeScale?: number;
  /** the proxy in front of the target (`--proxy`) */
  proxy?: SearchSettings['proxy'];
  strict: boolean;
  /** the config file as the caller named it; null when it was found (or absent), not named */
  config: string | null;
  /** the Node release the target ran under (`--node`): its replay runs under it too */
  node?: string;
}

/** The one command that runs `scenario` again with the same settings, the scenario inline. Pure. */
export function scenarioReplayCommand(settings: ScenarioSettings, scenario: Scenario): string {
  const words = ['npx', 'shutdown-check', ...runWords(settings), '--scenario', JSON.stringify(scenario)];
  return words.map(shellWord).join(' ');
}

/** The result of one run from what the executor recorded and what the checkers said. Pure. */
export function buildScenarioResult(
  settings: ScenarioSettings,
  run: { scenario: Scenario; run: RunStatus; history: HistoryEvent[]; historyHash: string },
  check: { verdict: OverallVerdict; results: InvariantResult[] },
): ScenarioResult {
  // A proven violation stands even in a run that could not finish; anything else from such a run is
  // undecided.
  const verdict = check.verdict !== 'fail' && run.run.status === 'unknown' ? 'unknown' : check.verdict;
  return {
    target: settings.target,
    ...(settings.node !== undefined ? { node: settings.node } : {}),
    clock: settings.clock,
    scenario: run.scenario,
    steps: describeScenario(run.scenario),
    run: run.run,
    verdict,
    invariants: aggregateInvariants([check.results]),
    history: run.history,
    historyHash: run.historyHash,
    replay: scenarioReplayCommand(settings, run.scenario),
  };
}
