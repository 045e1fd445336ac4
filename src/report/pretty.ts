import type { HistoryEvent } from '../history/events.js';
import { formatTimeline } from './timeline-text.js';
import type { Report } from './report.js';
import type { ScenarioResult } from './scenario-result.js';
import { formatVerdicts } from './verdict-text.js';

/** The progress line: runs done, then, once a run fails, the shrinking. Pure. */
export function formatProgress(
  progress: { runs: number; failures: number; shrinkRuns: number; elapsedMs: number },
  total: number,
): string {
  const width = 24;
  const done = Math.min(width, Math.round((progress.runs / Math.max(1, total)) * width));
  const bar = '#'.repeat(done) + '-'.repeat(width - done);
  const seconds = `${(progress.elapsedMs / 1000).toFixed(1)} s`;
  if (progress.failures === 0) return `[${bar}] ${progress.runs}/${total} runs · no failure · ${seconds}`;
  return `[${bar}] run ${progress.runs} failed · shrinking: ${progress.shrinkRuns} tries, ${progress.failures - 1} smaller · ${seconds}`;
}

/** What a person reads at the end of a search. Pure. */
export function formatReport(report: Report): string {
  const lines: string[] = [];
  const what = `${report.target}, ${report.clock} clock, seed ${report.seed}, ${report.numRuns} runs`;
  lines.push(`shutdown-check ${report.tool.version}: ${what}`, '');
  lines.push(formatVerdicts(report.invariants), '');
  if (report.counterexample) lines.push(...scenarioLines('smallest failing scenario:', report.counterexample));
  if (report.reason) lines.push(`could not reach a verdict: ${report.reason}`);
  lines.push(`verdict: ${report.verdict}`);
  if (report.replay) lines.push('', 'replay it with:', `  ${report.replay}`);
  return lines.join('\n');
}

/** What a person reads after one scenario was run (`--scenario`). Pure. */
export function formatScenarioResult(result: ScenarioResult): string {
  const lines = [`shutdown-check: ${result.target}, ${result.clock} clock, one scenario`, ''];
  lines.push(formatVerdicts(result.invariants), '');
  lines.push(...scenarioLines('scenario:', result));
  if (result.run.status === 'unknown') lines.push(`the run could not finish: ${result.run.reason}`);
  lines.push(`verdict: ${result.verdict}`, '', 'replay it with:', `  ${result.replay}`);
  return lines.join('\n');
}

/** A scenario's steps, what happened (the timeline) and the history's hash. */
function scenarioLines(title: string, run: { steps: string[]; history: HistoryEvent[]; historyHash: string }): string[] {
  const lines = [title, ...run.steps.map((step) => `  ${step}`), '', 'what happened:'];
  lines.push(...formatTimeline(run.history).split('\n').map((l) => `  ${l}`));
  lines.push('', `history sha256 ${run.historyHash}`);
  return lines;
}
