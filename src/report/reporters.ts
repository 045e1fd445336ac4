/**
 * The reporters: one definition each, in one list. A new reporter is its format function in a file of
 * its own and one line in REPORTERS; the command line's `--reporter`, the files a run writes and what
 * it prints all follow from this list.
 */
import { formatGithubAnnotations } from './github.js';
import { formatHtmlReport } from './html.js';
import { formatJunit } from './junit.js';
import { formatReport, formatScenarioResult } from './pretty.js';
import { printableJson } from './printable.js';
import { asWritten, type Report } from './report.js';
import type { ScenarioResult } from './scenario-result.js';
import { checkOutDir, makeDirs, outDirMessage, writeReport } from './write.js';
import { formatSummary } from './summary.js';
import { PLAIN, type Style } from './style.js';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

/** One reporter: its name, where its text goes (a file of its own, or stdout), and how it is made. */
export interface Reporter {
  /** as `--reporter` takes it */
  readonly name: string;
  /** the file it writes next to report.json (a search only), or null when it prints */
  readonly file: string | null;
  /** where its text goes: stdout, or the file; `only` when stdout is one document and takes nothing else */
  readonly stdout: 'no' | 'yes' | 'only';
  /** the text of a search's report, coloured by `style` when it goes to a terminal (files get PLAIN) */
  readonly format: (report: Report, style: Style) => string;
  /** the text of one scenario's result (`--scenario`); absent when the reporter has none */
  readonly formatScenario?: (result: ScenarioResult, style: Style) => string;
  /** compare prints it after each target's search, too */
  readonly eachCompared: boolean;
  /** its text ends with the verdict line, so the command line need not print one after it */
  readonly endsWithVerdict: boolean;
}

/** Every reporter, `pretty` first: the default. */
export const REPORTERS = [
  { name: 'pretty', file: null, stdout: 'yes', format: formatReport, formatScenario: formatScenarioResult, eachCompared: false, endsWithVerdict: true },
  { name: 'json', file: null, stdout: 'only', format: (report: Report) => printableJson(asWritten(report)), formatScenario: printableJson, eachCompared: false, endsWithVerdict: false },
  { name: 'junit', file: 'junit.xml', stdout: 'no', format: formatJunit, eachCompared: false, endsWithVerdict: false },
  { name: 'html', file: 'report.html', stdout: 'no', format: formatHtmlReport, eachCompared: false, endsWithVerdict: false },
  { name: 'github', file: null, stdout: 'yes', format: (report: Report) => formatGithubAnnotations(report), eachCompared: true, endsWithVerdict: false },
  // Under GitHub Actions its text is also appended to the job's summary page ($GITHUB_STEP_SUMMARY).
  { name: 'summary', file: 'summary.md', stdout: 'no', format: formatSummary, eachCompared: false, endsWithVerdict: false },
] as const satisfies readonly Reporter[];

/** A reporter's name, as `--reporter` takes it. */
export type ReporterName = (typeof REPORTERS)[number]['name'];

/** The reporters named, in the list's order; names not in the list are left out. */
export function chosenReporters(names: readonly string[]): Reporter[] {
  return (REPORTERS as readonly Reporter[]).filter((r) => names.includes(r.name));
}

/** The files a search writes into its folder with these reporters: report.json first. */
export function reporterFiles(names: readonly string[]): string[] {
  return ['report.json', ...chosenReporters(names).flatMap((r) => (r.file === null ? [] : [r.file]))];
}

/**
 * Why `out` cannot take the files these reporters write, as the line the command line prints (naming
 * `flag`), or null when it can. Checked before anything runs: a search must not run for minutes and
 * then find it cannot write its report.
 */
export function outDirRefusal(flag: string, out: string, files: readonly string[]): string | null {
  const check = checkOutDir(out, files);
  return check.kind === 'refused' ? outDirMessage(flag, out, check.problem) : null;
}

/** The reporters `--reporter` names, with the check of the folder their files go to and the writing of them. */
export interface NamedReporters {
  /** the reporters, in the list's order: how each formats, where its text goes */
  readonly each: readonly Reporter[];
  /** why `out` cannot take a search's files with these reporters, as the line naming `--out`, or null */
  folderRefusal(out: string): string | null;
  /** writes report.json and these reporters' files into `out` (made if needed): their paths, or the line telling why not */
  write(report: Report, out: string): Written;
}

/**
 * The reporters named, and what a search needs of them around its run: the folder checked before it
 * (a search must not run for minutes and then find it cannot write), the files written after it.
 */
export function reportersNamed(names: readonly string[]): NamedReporters {
  return {
    each: chosenReporters(names),
    folderRefusal: (out) => outDirRefusal('--out', out, reporterFiles(names)),
    write: (report, out) => writeReports(report, out, names),
  };
}

/**
 * Writes report.json and each chosen reporter's file into `out` (made if needed): their paths, or the
 * line telling why they could not be written (see writeFiles).
 */
export function writeReports(report: Report, out: string, names: readonly string[]): Written {
  return writeFiles(() => writeReporterFiles(report, out, names), out);
}

function writeReporterFiles(report: Report, out: string, names: readonly string[]): string[] {
  makeDirs(out);
  const files = writeReport(report, out, []);
  for (const reporter of chosenReporters(names)) {
    if (reporter.file === null) continue;
    const file = path.join(out, reporter.file);
    const text = reporter.format(report, PLAIN);
    writeFileSync(file, text.endsWith('\n') ? text : text + '\n');
    files.push(file);
  }
  return files;
}

/** Files written, or the one line telling why they were not. */
export type Written = { kind: 'written'; files: string[] } | { kind: 'not-written'; line: string };

/**
 * Writes files; called once the verdict has been printed, so that a failure to write (a disk that
 * filled up, a folder removed meanwhile) loses no result: it becomes one line to print after it.
 */
export function writeFiles(write: () => string[], out: string): Written {
  try {
    return { kind: 'written', files: write() };
  } catch (error) {
    const why = error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
    return { kind: 'not-written', line: `shutdown-check: the verdict above stands, but its files could not be written to ${out}: ${why}` };
  }
}
