import { htmlPage, verdictCell, type CellVerdict } from './html-page.js';
import { escapeAttribute, escapeText } from './markup.js';
import type { Report } from './report.js';
import { timelineSvg } from './timeline-svg.js';
import { formatTimeline } from './timeline-text.js';

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
  'n/a': 'not applicable',
};

function verdictTable(invariants: Report['invariants']): string {
  const rows = invariants.map((i) => {
    const verdict = cellVerdict(i);
    const evidence =
      i.evidence.length === 0 ? '' : i.evidence.length === 1 ? escapeText(i.evidence[0]?.message ?? '') : `<ul>${i.evidence.map((e) => `<li>${escapeText(e.message)}</li>`).join('')}</ul>`;
    return `<tr data-invariant="${escapeAttribute(i.id)}"><td class="id">${escapeText(i.id)}</td><td>${i.severity}</td>${verdictCell(verdict, VERDICT_WORDS[verdict])}<td>${evidence}</td></tr>`;
  });
  return [
    '<table class="verdicts">',
    '<thead><tr><th class="id">invariant</th><th>severity</th><th>verdict</th><th>evidence</th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody>`,
    '</table>',
  ].join('\n');
}

/** The sentence at the top: what the search found, in words. */
function banner(report: Report): string {
  const broken = report.invariants.filter((i) => i.verdict === 'violated');
  const runs = `${report.numRuns} run${report.numRuns === 1 ? '' : 's'}`;
  if (report.verdict === 'pass') {
    const warnings = broken.length > 0 ? ` ${broken.length} warning${broken.length === 1 ? '' : 's'} below do not fail the run.` : '';
    return `<p class="banner pass"><strong>Pass.</strong> No invariant that fails the run was violated in ${runs}, so there is no counterexample to draw.${warnings}</p>`;
  }
  if (report.verdict === 'fail') {
    const names = broken.map((i) => i.id).join(', ');
    return `<p class="banner fail"><strong>Fail.</strong> The search found a scenario that violates ${escapeText(names)}; the smallest one it could shrink to is drawn below.</p>`;
  }
  return `<p class="banner error"><strong>No verdict.</strong> ${escapeText(report.reason ?? 'the search could not reach a verdict')}</p>`;
}

/**
 * report.html: the verdict table, and for a failure the smallest scenario, its timeline drawn in SVG,
 * the same history in words, and the replay command. Pure.
 */
export function formatHtmlReport(report: Report): string {
  const s = report.settings;
  const meta = `${report.clock} clock · ${report.numRuns} runs · seed ${report.seed} · ${s.signal} · grace ${s.graceMs} ms · ${s.profile} profile${s.strict ? ' · strict' : ''}`;
  const parts = [
    `<h1>shutdown-check: ${report.verdict} — ${escapeText(report.target)}</h1>`,
    `<p class="meta">${escapeText(meta)}</p>`,
    banner(report),
    '<h2>Invariants</h2>',
    verdictTable(report.invariants),
  ];
  const ce = report.counterexample;
  if (ce) {
    const clients = ce.scenario.clients.map((c) => ({ id: c.id, kind: c.kind }));
    parts.push(
      '<h2>Smallest failing scenario</h2>',
      `<ol class="steps">${ce.steps.map((step) => `<li>${escapeText(step)}</li>`).join('')}</ol>`,
      '<h2>What happened</h2>',
      `<div class="timeline-box">${timelineSvg(ce.history, clients)}</div>`,
      `<details><summary>the same history, one event a line</summary><pre>${escapeText(formatTimeline(ce.history))}</pre></details>`,
      `<p class="meta">history sha256 ${escapeText(ce.historyHash)} (replay path ${escapeText(ce.path)})</p>`,
    );
  }
  if (report.replay) {
    parts.push('<h2>Replay it</h2>', '<p>This command runs the smallest failing scenario again, with the same history:</p>', `<pre class="command">${escapeText(report.replay)}</pre>`);
  }
  parts.push(`<footer>shutdown-check ${escapeText(report.tool.version)} · report.json holds the same data</footer>`);
  return htmlPage(`shutdown-check ${report.verdict}: ${report.target}`, parts.join('\n'));
}
