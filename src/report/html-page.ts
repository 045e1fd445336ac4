import type { Cell } from './compare.js';
import { escapeAttribute, escapeText } from './markup.js';

/**
 * The page that report.html and compare.html share: one self-contained document, its styles inline,
 * nothing fetched, no script — it opens from a CI artifact, an e-mail attachment or a file:// URL
 * exactly as it was written. Pure.
 */

/** The five words a verdict cell can show, each with its own colour: the compare matrix's. */
export type CellVerdict = Cell['verdict'];

export const CELL_CLASS: Record<CellVerdict, string> = {
  holds: 'v-holds',
  violated: 'v-violated',
  warning: 'v-warning',
  unknown: 'v-unknown',
  'not-exercised': 'v-untested',
  'n/a': 'v-na',
};

const STYLE = `
  :root { color-scheme: light; }
  body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #212121; margin: 2rem auto;
         max-width: 72rem; padding: 0 1.5rem; line-height: 1.45; background: #ffffff; }
  h1 { font-size: 1.6rem; margin: 0 0 .3rem; }
  h2 { font-size: 1.2rem; margin: 2rem 0 .6rem; border-bottom: 1px solid #cfd8dc; padding-bottom: .2rem; }
  .meta { color: #546e7a; margin: 0 0 1rem; }
  .banner { padding: .8rem 1rem; border-radius: 6px; font-size: 1.05rem; margin: 1rem 0; }
  .banner.pass { background: #e8f5e9; border: 1px solid #2e7d32; }
  .banner.fail { background: #ffebee; border: 1px solid #c62828; }
  .banner.error { background: #f3e5f5; border: 1px solid #6a1b9a; }
  table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
  th, td { border: 1px solid #cfd8dc; padding: .35rem .6rem; text-align: left; vertical-align: top; }
  th { background: #eceff1; font-weight: 600; }
  td.id, th.id { white-space: nowrap; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .9rem; }
  .v-holds { background: #e8f5e9; color: #1b5e20; }
  .v-violated { background: #ffcdd2; color: #b71c1c; font-weight: 700; }
  .v-warning { background: #fff3e0; color: #e65100; font-weight: 600; }
  .v-unknown { background: #f3e5f5; color: #4a148c; font-weight: 600; }
  .v-na { color: #90a4ae; }
  .v-untested { background: #fffde7; color: #5d4037; font-style: italic; }
  td.verdict { white-space: nowrap; }
  ol.steps li, ul.stories li { margin: .2rem 0; }
  pre { background: #263238; color: #eceff1; padding: .8rem 1rem; border-radius: 6px; overflow-x: auto;
        white-space: pre-wrap; word-break: break-all; font-size: .85rem; }
  .timeline-box { overflow-x: auto; border: 1px solid #cfd8dc; border-radius: 6px; padding: .5rem 0; background: #ffffff; }
  .timeline-box svg { display: block; }
  .matrix-box { overflow-x: auto; max-width: 100%; }
  table.matrix { font-size: .9rem; }
  table.matrix th.id, table.matrix td.id, table.matrix td.verdict { white-space: normal; }
  details summary { cursor: pointer; color: #37474f; }
  footer { margin-top: 2.5rem; color: #90a4ae; font-size: .85rem; }
`;

/** A whole HTML document with the shared styles. `body` is already markup. */
export function htmlPage(pageTitle: string, body: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeText(pageTitle)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    body,
    '</body>',
    '</html>',
  ].join('\n');
}

/** A table cell showing a verdict word in its colour; `data` become data-* attributes. */
export function verdictCell(verdict: CellVerdict, text: string = verdict, data: Record<string, string> = {}): string {
  const attributes = Object.entries(data).map(([key, value]) => ` data-${key}="${escapeAttribute(value)}"`);
  return `<td class="verdict ${CELL_CLASS[verdict]}"${attributes.join('')}>${escapeText(text)}</td>`;
}
