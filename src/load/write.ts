import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeDirs } from '../report/write.js';
import { loadHtml } from './report/html.js';
import type { LoadSummary } from './summary.js';

/** The files load writes into its folder. */
export const LOAD_FILES = ['load.json', 'load.html'] as const;

/** Writes load.json and load.html into `outDir` (created if needed). The only I/O of the load report. */
export function writeLoadReport(summary: LoadSummary, outDir: string): { json: string; html: string } {
  makeDirs(outDir);
  const json = path.join(outDir, 'load.json');
  const html = path.join(outDir, 'load.html');
  writeFileSync(json, JSON.stringify(summary, null, 2) + '\n');
  writeFileSync(html, loadHtml(summary));
  return { json, html };
}
