import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadHtml } from './report/html.js';
import type { LoadSummary } from './summary.js';

/** Writes load.json and load.html into `outDir` (created if needed). The only I/O of the load report. */
export function writeLoadReport(summary: LoadSummary, outDir: string): { json: string; html: string } {
  mkdirSync(outDir, { recursive: true });
  const json = path.join(outDir, 'load.json');
  const html = path.join(outDir, 'load.html');
  writeFileSync(json, JSON.stringify(summary, null, 2) + '\n');
  writeFileSync(html, loadHtml(summary));
  return { json, html };
}
