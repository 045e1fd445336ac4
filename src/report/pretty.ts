import type { HistoryEvent } from '../history/events.js';
import { printable } from './printable.js';
import { formatTimeline } from './timeline-text.js';
import type { Counterexample, Report } from './report.js';
import type { ScenarioResult } from './scenario-result.js';
import { shrinkOrigin } from './shrink-origin.js';
import { PLAIN, type Style, type Tone } from './style.js';
import { formatExercised, formatVerdicts } from './verdict-text.js';

/** The progress line: runs done, the invariants found violated, and the shrinking under way. Pure. */
export function formatProgress(
  progress: { runs: number; shrinkRuns: number; elapsedMs: number; violated?: readonly string[]; shrinking?: string | null },
  total: number,
): string {
  const width = 24;
  const done = Math.min(width, Math.round((progress.runs / Math.max(1, total)) * width));
  const bar = '#'.repeat(done) + '-'.repeat(width - done);
  const seconds = `${(progress.elapsedMs / 1000).toFixed(1)} s`;
  const violated = progress.violated ?? [];
  const found = violated.length === 0 ? 'no failure' : `violated: ${violated.join(', ')}`;
  const shrinking = progress.shrinking ? ` · shrinking ${progress.shrinking}` : '';
  const tries = progress.shrinkRuns > 0 ? ` · ${progress.shrinkRuns} shrink runs` : '';
  return `[${bar}] ${progress.runs}/${total} runs · ${found}${shrinking}${tries} · ${seconds}`;
}

type AnyVerdict = Report['verdict'] | ScenarioResult['verdict'];

const VERDICT_TONE: Record<AnyVerdict, Tone> = { pass: 'pass', fail: 'fail', error: 'warn', unknown: 'warn' };

/** The last line of a search's or a scenario's output: its verdict, coloured by `style`. Pure. */
export function verdictLine(verdict: AnyVerdict, style: Style = PLAIN): string {
  return `verdict: ${style('strong', style(VERDICT_TONE[verdict], verdict))}`;
}

/** A Report as a person reads it at the end of a search, as the command line prints it. Pure. */
export function formatReport(report: Report, style: Style = PLAIN): string {
  const lines: string[] = [];
  // The Node release is named only when one was asked for (--node): otherwise it is the harness's own.
  const node = report.settings?.node !== undefined ? `, Node ${printable(report.settings.node)}` : '';
  const what = `${printable(report.target)}${node}, ${report.clock} clock, seed ${report.seed}, ${report.numRuns} runs`;
  lines.push(`shutdown-check ${report.tool.version}: ${what}`, '');
  lines.push(formatVerdicts(report.invariants, { runs: true, style }), '');
  for (const invariant of report.invariants) {
    if (!invariant.counterexample) continue;
    lines.push(...counterexampleLines(invariant.id, invariant.counterexample), '');
  }
  if (report.reason) lines.push(`could not reach a verdict: ${printable(report.reason)}`);
  if (report.verdict === 'pass') lines.push(formatExercised(report.invariants));
  lines.push(verdictLine(report.verdict, style));
  return lines.join('\n');
}

/** One violated invariant's own counterexample: its scenario, what happened and its replay command. */
function counterexampleLines(id: string, ce: Counterexample): string[] {
  const smallest = ce.shrunk ? 'smallest failing scenario' : 'smallest failing scenario found before the budget ended';
  const origin = shrinkOrigin(id, ce);
  const lines = scenarioLines(`${id} — ${smallest}:`, ce);
  if (origin !== null) lines.splice(1, 0, `  (${printable(origin)})`);
  return [...lines, '', 'replay it with:', `  ${printable(ce.replay)}`];
}

/** A ScenarioResult as a person reads it, as the command line prints one scenario's (`--scenario`). Pure. */
export function formatScenarioResult(result: ScenarioResult, style: Style = PLAIN): string {
  const node = result.node !== undefined ? `, Node ${printable(result.node)}` : '';
  const lines = [`shutdown-check: ${printable(result.target)}${node}, ${result.clock} clock, one scenario`, ''];
  lines.push(formatVerdicts(result.invariants, { style }), '');
  lines.push(...scenarioLines('scenario:', result));
  if (result.run.status === 'unknown') lines.push(`the run could not finish: ${printable(result.run.reason)}`);
  lines.push(verdictLine(result.verdict, style), '', 'replay it with:', `  ${printable(result.replay)}`);
  return lines.join('\n');
}

/** A scenario's steps, what happened (the timeline) and the history's hash. */
function scenarioLines(title: string, run: { steps: string[]; history: HistoryEvent[]; historyHash: string }): string[] {
  const lines = [title, ...run.steps.map((step) => `  ${printable(step)}`), '', 'what happened:'];
  lines.push(...formatTimeline(run.history).split('\n').map((l) => `  ${l}`));
  lines.push('', `history sha256 ${run.historyHash}`);
  return lines;
}
