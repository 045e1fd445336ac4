import type { Report } from '../report/report.js';
import type { ScenarioResult } from '../report/scenario-result.js';
import { formatVerdicts } from '../report/verdict-text.js';
import { printable } from '../report/printable.js';
import { shrinkOrigin } from '../report/shrink-origin.js';

/**
 * What `toShutDownGracefully()` says about a result: `pass`, and the message shown when the assertion
 * fails (for `pass: true`, the one `.not` shows).
 */
export type ShutdownJudgement = { pass: true; message: string } | { pass: false; message: string };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

function isReport(value: unknown): value is Report {
  return isRecord(value) && isRecord(value.tool) && value.tool.name === 'shutdown-check' && typeof value.numRuns === 'number';
}

function isScenarioResult(value: unknown): value is ScenarioResult {
  return isRecord(value) && typeof value.historyHash === 'string' && typeof value.replay === 'string' && Array.isArray(value.steps);
}

function replayLines(command: string): string[] {
  return ['', 'replay it with:', `  ${command}`];
}

function judgeReport(report: Report): ShutdownJudgement {
  const runs = `${report.numRuns} run${report.numRuns === 1 ? '' : 's'}, seed ${report.seed}`;
  if (report.verdict === 'pass') {
    return { pass: true, message: `expected ${printable(report.target)} not to shut down gracefully, but every invariant held (${runs})` };
  }
  const lines = [
    report.verdict === 'fail'
      ? `expected ${printable(report.target)} to shut down gracefully, but an invariant is violated (${runs}):`
      : `expected ${printable(report.target)} to shut down gracefully, but the search reached no verdict (${runs}): ${printable(report.reason ?? '')}`,
    '',
    formatVerdicts(report.invariants, { runs: true }),
  ];
  for (const invariant of report.invariants) {
    const ce = invariant.counterexample;
    if (!ce) continue;
    lines.push('', `${invariant.id} — smallest failing scenario:`);
    const origin = shrinkOrigin(invariant.id, ce);
    if (origin !== null) lines.push(`  (${printable(origin)})`);
    lines.push(...ce.steps.map((s) => `  ${printable(s)}`));
    lines.push(`history sha256 ${ce.historyHash}`, ...replayLines(printable(ce.replay)));
  }
  return { pass: false, message: lines.join('\n') };
}

function judgeScenario(result: ScenarioResult): ShutdownJudgement {
  if (result.verdict === 'pass') {
    return { pass: true, message: `expected ${printable(result.target)} not to shut down gracefully in this scenario, but every invariant held` };
  }
  const why =
    result.verdict === 'fail'
      ? 'an invariant is violated:'
      : `the run reached no verdict: ${printable(result.run.status === 'unknown' ? result.run.reason : 'an invariant could not be decided')}`;
  const lines = [`expected ${printable(result.target)} to shut down gracefully, but ${why}`, '', formatVerdicts(result.invariants), ''];
  lines.push('scenario:', ...result.steps.map((s) => `  ${printable(s)}`), `history sha256 ${result.historyHash}`);
  lines.push(...replayLines(printable(result.replay)));
  return { pass: false, message: lines.join('\n') };
}

/**
 * Judges what checkShutdown (a Report) or runScenario (a ScenarioResult) returned: it shut down
 * gracefully when the verdict is `pass`. A failure's message ends with the command that replays it.
 * Throws TypeError for anything else, so that `.not` cannot pass on a value that was never a result.
 * Pure.
 */
export function judgeShutdown(received: unknown): ShutdownJudgement {
  if (isReport(received)) return judgeReport(received);
  if (isScenarioResult(received)) return judgeScenario(received);
  if (isRecord(received) && typeof received.then === 'function') {
    throw new TypeError('toShutDownGracefully() got a Promise: await checkShutdown() or runScenario() first');
  }
  const got = received === null ? 'null' : Array.isArray(received) ? 'an array' : typeof received;
  throw new TypeError(`toShutDownGracefully() takes what checkShutdown() or runScenario() resolves with; it got ${got}`);
}
