import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Report } from './report.js';

/** Writes report.json into `outDir` (created if needed); returns its path. The only report I/O. */
export function writeReport(report: Report, outDir: string): string {
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, 'report.json');
  writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  return file;
}
