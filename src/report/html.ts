import { adviceFor } from './advice.js';
import { htmlPage, verdictCell, type CellVerdict } from './html-page.js';
import { escapeAttribute, escapeText } from './markup.js';
import type { Counterexample, Report } from './report.js';
import { shrinkOrigin } from './shrink-origin.js';
import { timelineSvg } from './timeline-svg.js';
import { formatTimeline } from './timeline-text.js';
import { formatExercised } from './verdict-text.js';

type Invariant = Report['invariants'][number];

function cellVerdict(i: Invariant): CellVerdict {
  if (i.verdict === 'violated') return i.severity === 'warning' ? 'warning' : 'violated';
  return i.verdict === 'not-applicable' ? 'n/a' : i.verdict;
}

const VERDICT_WORDS: Record<CellVerdict, string> = {
  holds: 'holds',
  violated: 'violated',
  warning: 'violated (warning)',
  unknown: 'unknown',
  'not-exercised': 'not exercised',
  'n/a': 'not applicable',
};

function verdictTable(invariants: Report['invariants']): string {
  const rows = invariants.map((i) => {
    const verdict = cellVerdict(i);
    const evidence =
      i.evidence.length === 0 ? '' : i.evidence.length === 1 ? escapeText(i.evidence[0]?.message ?? '') : `<ul>${i.evidence.map((e) => `<li>${escapeText(e.message)}</li>`).join('')}</ul>`;
    return `<tr data-invariant="${escapeAttribute(i.id)}"><td class="id">${escapeText(i.id)}</td><td>${i.severity}</td>${verdictCell(verdict, VERDICT_WORDS[verdict])}<td class="runs">${i.exercisedRuns}</td><td>${evidence}</td></tr>`;
  });
  return [
    '<table class="verdicts">',
    '<thead><tr><th class="id">invariant</th><th>severity</th><th>verdict</th><th>runs that exercised it</th><th>evidence</th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody>`,
    '</table>',
  ].join('\n');
}

/** The sentence at the top: what the search found, in words. */
function banner(report: Report): string {
  const broken = report.invariants.filter((i) => i.verdict === 'violated');
  const runs = `${report.numRuns} run${report.numRuns === 1 ? '' : 's'}`;
  if (report.verdict === 'pass') {
    const warnings = broken.length > 0 ? ` The ${broken.length} warning${broken.length === 1 ? '' : 's'} below, each with its smallest scenario, do not fail the run.` : '';
    return `<p class="banner pass"><strong>Pass.</strong> No invariant that fails the run was violated in ${runs}.${warnings} ${escapeText(formatExercised(report.invariants))}.</p>`;
  }
  if (report.verdict === 'fail') {
    const names = broken.map((i) => i.id).join(', ');
    return `<p class="banner fail"><strong>Fail.</strong> The search found scenarios that violate ${escapeText(names)}; each invariant's smallest failing scenario is drawn below.</p>`;
  }
  return `<p class="banner error"><strong>No verdict.</strong> ${escapeText(report.reason ?? 'the search could not reach a verdict')}</p>`;
}

/** What the violation means for users and how to fix it, above its scenario. */
function adviceHtml(id: string): string[] {
  const advice = adviceFor(id);
  if (!advice) return [];
  return [`<p class="advice"><strong>What it means:</strong> ${escapeText(advice.meaning)}<br><strong>How to fix it:</strong> ${escapeText(advice.fix)}</p>`];
}

/** Where the violation was first seen, when a shrink run saw it and no search run did. */
function originHtml(id: string, ce: Counterexample): string[] {
  const origin = shrinkOrigin(id, ce);
  return origin === null ? [] : [`<p class="origin">${escapeText(origin)}</p>`];
}

/** One violated invariant's own counterexample: its steps, its timeline, its history and its replay command. */
function counterexampleSection(id: string, ce: Counterexample): string[] {
  const clients = ce.scenario.clients.map((c) => ({ id: c.id, kind: c.kind }));
  const smallest = ce.shrunk ? 'smallest failing scenario' : 'smallest failing scenario found before the budget ended';
  return [
    `<section class="counterexample" data-invariant="${escapeAttribute(id)}">`,
    `<h2>${escapeText(id)}: ${smallest}</h2>`,
    ...originHtml(id, ce),
    ...adviceHtml(id),
    `<ol class="steps">${ce.steps.map((step) => `<li>${escapeText(step)}</li>`).join('')}</ol>`,
    '<h3>What happened</h3>',
    `<div class="timeline-box">${timelineSvg(ce.history, clients)}</div>`,
    `<details><summary>the same history, one event a line</summary><pre>${escapeText(formatTimeline(ce.history))}</pre></details>`,
    `<p class="meta">history sha256 ${escapeText(ce.historyHash)} (seed ${ce.seed}, path ${escapeText(ce.path)})</p>`,
    '<p>This command runs it again, with the same history:</p>',
    `<pre class="command">${escapeText(ce.replay)}</pre>`,
    '</section>',
  ];
}

/**
 * report.html: the verdict table, and for each violated invariant its own smallest scenario, its
 * timeline drawn in SVG, the same history in words, and its replay command. Pure.
 */
export function formatHtmlReport(report: Report): string {
  const s = report.settings;
  const meta = `${s.node !== undefined ? `Node ${s.node} · ` : ''}${report.clock} clock · ${report.numRuns} runs · seed ${report.seed} · ${s.signal} · grace ${s.graceMs} ms · ${s.profile} profile${s.strict ? ' · strict' : ''}`;
  const parts = [
    `<h1>shutdown-check: ${report.verdict} — ${escapeText(report.target)}</h1>`,
    `<p class="meta">${escapeText(meta)}</p>`,
    banner(report),
    '<h2>Invariants</h2>',
    verdictTable(report.invariants),
  ];
  for (const i of report.invariants) if (i.counterexample) parts.push(...counterexampleSection(i.id, i.counterexample));
  parts.push(`<footer>shutdown-check ${escapeText(report.tool.version)} · report.json holds the same data</footer>`);
  return htmlPage(`shutdown-check ${report.verdict}: ${report.target}`, parts.join('\n'));
}
