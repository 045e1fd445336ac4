import { compareHeading, type Comparison } from './compare.js';
import { htmlPage, verdictCell } from './html-page.js';
import { escapeAttribute, escapeText } from './markup.js';

/** A path that may wrap after each `/`, so that a long one does not set the matrix's width alone. */
function breakablePath(text: string): string {
  return text.split('/').map(escapeText).join('/<wbr>');
}

/**
 * compare.html: the strategies × invariants matrix and the one-line story of each violation — what
 * compare.md says — on the page report.html uses. Pure.
 */
export function formatCompareHtml(comparison: Comparison): string {
  const { invariants, rows } = comparison;
  const heading = compareHeading(comparison);
  const head = `<tr><th>${escapeText(heading.column)}</th><th>verdict</th>${invariants.map((id) => `<th class="id">${escapeText(id)}</th>`).join('')}</tr>`;
  const body = rows.map((row) => {
    const cells = invariants.map((id) => {
      const cell = row.cells[id] ?? { verdict: 'n/a' as const, story: null, replay: null };
      const text = cell.verdict === 'n/a' ? '—' : cell.verdict === 'not-exercised' ? 'not exercised' : cell.verdict;
      return verdictCell(cell.verdict, text, { invariant: id });
    });
    const verdict = row.verdict === 'pass' ? 'holds' : row.verdict === 'fail' ? 'violated' : 'unknown';
    return `<tr data-target="${escapeAttribute(row.target)}"><td class="id">${breakablePath(row.target)}</td>${verdictCell(verdict, row.verdict)}${cells.join('')}</tr>`;
  });
  const stories = rows.flatMap((row) => {
    const told = invariants.flatMap((id) => {
      const cell = row.cells[id];
      if (!cell?.story || cell.verdict === 'holds') return [];
      const replay = cell.replay ? `<pre class="command">${escapeText(cell.replay)}</pre>` : '';
      return [`<li><strong>${escapeText(id)}</strong> (${cell.verdict}): ${escapeText(cell.story)}${replay}</li>`];
    });
    if (row.reason) told.push(`<li>no verdict: ${escapeText(row.reason)}</li>`);
    if (told.length === 0) return [];
    return [`<h2>${escapeText(row.target)}</h2>`, `<ul class="stories">${told.join('')}</ul>`];
  });
  return htmlPage(
    heading.title,
    [
      `<h1>${escapeText(heading.title)}</h1>`,
      `<p class="meta">${escapeText(heading.summary)}</p>`,
      // A matrix wider than the page scrolls inside its own box; the page itself keeps the window's width.
      `<div class="matrix-box"><table class="matrix"><thead>${head}</thead><tbody>${body.join('\n')}</tbody></table></div>`,
      ...stories,
    ].join('\n'),
  );
}
