import { adviceLines } from './advice.js';
import { escapeText, markdownText as md } from './markup.js';
import { printable } from './printable.js';
import type { InvariantReport, Report } from './report.js';
import { shrinkOrigin } from './shrink-origin.js';

/** A block of literal lines, in HTML so that no line of it can close a Markdown fence. */
function pre(lines: readonly string[]): string {
  return `<pre>${lines.map((line) => escapeText(printable(line))).join('\n')}</pre>`;
}

const MARK: Record<InvariantReport['verdict'], string> = {
  holds: '✅',
  violated: '❌',
  unknown: '❔',
  'not-applicable': '➖',
  'not-exercised': '➖',
};

function verdictCell(i: InvariantReport): string {
  switch (i.verdict) {
    case 'violated':
      return `violated (${i.severity})`;
    case 'holds':
      return 'holds';
    default:
      return `${i.verdict}: ${md(i.evidence[0]?.message ?? '')}`;
  }
}

/** One violated invariant: its story (the evidence, then what it means and how to fix it), then its scenario and replay, folded. */
function violationSection(i: InvariantReport): string[] {
  const lines = [`### ${i.severity === 'warning' ? '⚠️' : '❌'} ${i.id}`, ''];
  for (const e of i.evidence) lines.push(`- ${md(e.message)}`);
  lines.push('');
  for (const line of adviceLines(i.id)) lines.push(`${md(line)}  `);
  const ce = i.counterexample;
  if (ce) {
    const smallest = ce.shrunk ? 'smallest failing scenario' : 'smallest failing scenario found before the budget ended';
    const origin = shrinkOrigin(i.id, ce);
    if (origin !== null) lines.push('', md(origin));
    lines.push('', `<details><summary>${smallest}, and the command that replays it</summary>`, '');
    lines.push(pre(ce.steps), '', pre([ce.replay]), '', '</details>');
  }
  lines.push('');
  return lines;
}

/**
 * A search's report as Markdown for a CI job's summary page ($GITHUB_STEP_SUMMARY): the verdict
 * table, then for each violated invariant its story, what it means, how to fix it, and its smallest
 * scenario and replay command inside `<details>`. Pure.
 */
export function formatSummary(report: Report): string {
  const s = report.settings;
  const lines = [
    `## shutdown-check: ${report.verdict} — ${md(report.target)}`,
    '',
    `${report.clock} clock · ${report.numRuns} runs · seed ${report.seed} · ${md(s.signal)} · grace ${s.graceMs} ms · ${md(s.profile)} profile`,
    '',
  ];
  if (report.reason) lines.push(`**No verdict:** ${md(report.reason)}`, '');
  lines.push('| | invariant | verdict | exercised in |', '|---|---|---|---|');
  for (const i of report.invariants) lines.push(`| ${MARK[i.verdict]} | ${i.id} | ${verdictCell(i)} | ${i.exercisedRuns} runs |`);
  lines.push('');
  for (const i of report.invariants) if (i.verdict === 'violated') lines.push(...violationSection(i));
  return lines.join('\n');
}
