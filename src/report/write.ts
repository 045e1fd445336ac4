import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { formatCompareHtml } from './compare-html.js';
import { formatCompareMarkdown, type Comparison } from './compare.js';
import { formatHtmlReport } from './html.js';
import { formatJunit } from './junit.js';
import type { Report } from './report.js';

/** The reporters that write a file of their own next to report.json. */
export const FILE_REPORTERS = { junit: 'junit.xml', html: 'report.html' } as const;
export type FileReporter = keyof typeof FILE_REPORTERS;

const FORMAT: Record<FileReporter, (report: Report) => string> = { junit: formatJunit, html: formatHtmlReport };

function write(outDir: string, name: string, text: string): string {
  const file = path.join(outDir, name);
  writeFileSync(file, text.endsWith('\n') ? text : text + '\n');
  return file;
}

/**
 * Writes report.json into `outDir` (created if needed), and the file of each reporter in `reporters`
 * that has one (others are ignored: they print); returns the paths written, report.json first. With
 * compare.html this is all of the report I/O.
 */
export function writeReport(report: Report, outDir: string, reporters: readonly string[] = []): string[] {
  mkdirSync(outDir, { recursive: true });
  const files = [write(outDir, 'report.json', JSON.stringify(report, null, 2))];
  for (const [name, file] of Object.entries(FILE_REPORTERS) as [FileReporter, string][]) {
    if (reporters.includes(name)) files.push(write(outDir, file, FORMAT[name](report)));
  }
  return files;
}

/** Writes compare.json, compare.md and compare.html into `outDir`; returns their paths. */
export function writeComparison(comparison: Comparison, outDir: string): string[] {
  mkdirSync(outDir, { recursive: true });
  return [
    write(outDir, 'compare.json', JSON.stringify(comparison, null, 2)),
    write(outDir, 'compare.md', formatCompareMarkdown(comparison)),
    write(outDir, 'compare.html', formatCompareHtml(comparison)),
  ];
}
