import { expect, it } from 'vitest';
import { formatCompareHtml } from '../../../src/report/compare-html.js';
import { formatCompareMarkdown, type Comparison } from '../../../src/report/compare.js';
import { formatHtmlReport } from '../../../src/report/html.js';
import { passingReport } from './reports.js';

const COMPARISON: Comparison = {
  tool: { name: 'shutdown-check', version: '9.9.9' },
  seed: 1,
  numRuns: 5,
  invariants: ['in-flight-complete', 'deadline', 'keepalive-race', 'readiness'],
  rows: [
    {
      target: 'scenarios/reference.js',
      verdict: 'pass',
      reason: null,
      cells: {
        'in-flight-complete': { verdict: 'holds', story: null, replay: null },
        deadline: { verdict: 'holds', story: null, replay: null },
        'keepalive-race': { verdict: 'holds', story: null, replay: null },
        readiness: { verdict: 'n/a', story: null, replay: null },
      },
      replay: null,
    },
    {
      target: 'scenarios/ignore-signal.js',
      verdict: 'fail',
      reason: null,
      cells: {
        'in-flight-complete': { verdict: 'holds', story: null, replay: null },
        deadline: {
          verdict: 'violated',
          story: 'SIGTERM at 5 ms → the target was still running when the grace period ran out',
          replay: 'npx shutdown-check --target scenarios/ignore-signal.js --seed 1 --path 0',
        },
        'keepalive-race': {
          verdict: 'warning',
          story: 'K (keep-alive) … → 1 request lost to an idle close',
          replay: 'npx shutdown-check --target scenarios/ignore-signal.js --seed 1 --path 3:1',
        },
        readiness: { verdict: 'n/a', story: null, replay: null },
      },
      replay: 'npx shutdown-check --target scenarios/ignore-signal.js --seed 1 --path 0',
    },
    { target: 'scenarios/broken <&>.js', verdict: 'error', reason: 'it exited before listening', cells: {}, replay: null },
  ],
};

/** What a browser (or a Markdown viewer) shows for text with these entities (and `<wbr>` wrap hints, which show nothing). */
function entities(text: string): string {
  return text.replace(/<wbr>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Each body row's cells as [data-invariant or column, text]. */
function matrix(html: string): string[][] {
  const body = /<table class="matrix">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) => [...(row[1] ?? '').matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1] ?? ''));
}

it('has the same rows, verdicts and cells as compare.md', () => {
  const html = formatCompareHtml(COMPARISON);
  const markdownRows = formatCompareMarkdown(COMPARISON)
    .split('\n')
    .filter((line) => line.startsWith('| scenarios/'))
    .map((line) => line.split('|').slice(1, -1).map((cell) => entities(cell.trim().replace(/\*\*/g, ''))));
  const htmlRows = matrix(html).map((row) => row.map(entities));
  expect(htmlRows).toEqual(markdownRows);
});

it('colours each cell by its verdict', () => {
  const html = formatCompareHtml(COMPARISON);
  expect(html).toContain('<td class="verdict v-violated" data-invariant="deadline">violated</td>');
  expect(html).toContain('<td class="verdict v-warning" data-invariant="keepalive-race">warning</td>');
  expect(html).toContain('<td class="verdict v-na" data-invariant="readiness">—</td>');
});

it('tells the one-line story of each violation with its own replay command, and why a target has no verdict', () => {
  const html = formatCompareHtml(COMPARISON);
  expect(html).toContain(
    '<li><strong>deadline</strong> (violated): SIGTERM at 5 ms → the target was still running when the grace period ran out' +
      '<pre class="command">npx shutdown-check --target scenarios/ignore-signal.js --seed 1 --path 0</pre></li>',
  );
  expect(html).toContain(
    '<li><strong>keepalive-race</strong> (warning): K (keep-alive) … → 1 request lost to an idle close' +
      '<pre class="command">npx shutdown-check --target scenarios/ignore-signal.js --seed 1 --path 3:1</pre></li>',
  );
  expect(html).toContain('<h2>scenarios/broken &lt;&amp;&gt;.js</h2>\n<ul class="stories"><li>no verdict: it exited before listening</li></ul>');
  expect(html).not.toContain('<h2>scenarios/reference.js</h2>');
});

it('uses the stylesheet of report.html', () => {
  const style = (html: string) => /<style>([\s\S]*?)<\/style>/.exec(html)?.[1];
  expect(style(formatCompareHtml(COMPARISON))).toBeTruthy();
  expect(style(formatCompareHtml(COMPARISON))).toBe(style(formatHtmlReport(passingReport())));
});
