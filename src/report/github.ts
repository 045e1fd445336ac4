import { adviceLines } from './advice.js';
import { printable } from './printable.js';
import type { Report } from './report.js';
import { shrinkOrigin } from './shrink-origin.js';
import { failsTheRun } from '../checkers/verdict.js';

/**
 * GitHub Actions workflow commands (`::error file=…,title=…::message`), which the runner turns into
 * annotations on the run and on the file. Escaping follows the runner's own rules (the `escapeData` and
 * `escapeProperty` functions of @actions/core's command.ts): in the message `%`, CR and LF become
 * `%25`, `%0D`, `%0A`; in a property also `:` and `,` become `%3A` and `%2C`, since they separate
 * properties. `%` goes first so the other escapes are not escaped again.
 */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

type Level = 'error' | 'warning' | 'notice';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function command(level: Level, properties: Record<string, string | null>, message: string): string {
  const props = Object.entries(properties)
    .filter((entry): entry is [string, string] => entry[1] !== null)
    .map(([key, value]) => `${key}=${escapeProperty(value)}`)
    .join(',');
  return `::${level}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

export interface GithubOptions {
  /**
   * The file the annotations point at: relative to the repository root, or absolute inside the
   * workspace (the runner's IssueCommandExtension makes it relative). Default: the report's target as
   * given; null for none.
   */
  file?: string | null;
}

/**
 * One annotation per violated invariant — `error` if it fails the run, `warning` for a warning outside
 * --strict — with its evidence, its own smallest scenario and its replay command; a `warning` per invariant
 * that could not be decided; an `error` if the search reached no verdict; and a summary `notice`. Pure.
 */
export function formatGithubAnnotations(report: Report, options: GithubOptions = {}): string {
  const given = options.file === undefined ? report.target.replace(/^\.\//, '') : options.file;
  const file = given === null ? null : printable(given);
  const lines: string[] = [];
  for (const i of report.invariants) {
    if (i.verdict === 'violated') {
      const fails = failsTheRun(i.severity, report.settings.strict);
      const title = `shutdown-check: ${i.id} violated (${i.severity})`;
      const ce = i.counterexample;
      const origin = ce ? shrinkOrigin(i.id, ce) : null;
      const steps = ce ? ['', 'smallest failing scenario:', ...(origin !== null ? [`  (${printable(origin)})`] : []), ...ce.steps.map((s) => `  ${printable(s)}`), '', `replay: ${printable(ce.replay)}`] : [];
      const advice = adviceLines(i.id);
      const message = [...i.evidence.map((e) => printable(e.message)), ...(advice.length > 0 ? ['', ...advice] : []), ...steps].join('\n');
      lines.push(command(fails ? 'error' : 'warning', { file, title }, message));
    } else if (i.verdict === 'unknown') {
      lines.push(command('warning', { file, title: `shutdown-check: ${i.id} could not be decided` }, printable(i.evidence[0]?.message ?? 'unknown')));
    }
  }
  if (report.verdict === 'error') {
    lines.push(command('error', { file, title: 'shutdown-check reached no verdict' }, printable(report.reason ?? 'no verdict')));
  }
  const count = (pred: (i: Report['invariants'][number]) => boolean): number => report.invariants.filter(pred).length;
  const tally = [
    `${count((i) => i.verdict === 'holds')} hold`,
    `${count((i) => i.verdict === 'violated' && i.severity === 'error')} violated`,
    plural(count((i) => i.verdict === 'violated' && i.severity === 'warning'), 'warning'),
    `${count((i) => i.verdict === 'unknown')} unknown`,
    `${count((i) => i.verdict === 'not-exercised')} not exercised`,
    `${count((i) => i.verdict === 'not-applicable')} not applicable`,
  ].join(', ');
  const summary = `${printable(report.target)}: ${tally}; ${report.numRuns} runs, seed ${report.seed}, ${report.clock} clock`;
  lines.push(command('notice', { file, title: `shutdown-check: ${report.verdict}` }, summary));
  return lines.join('\n');
}
