import { closeSync, constants, existsSync, mkdirSync, openSync, rmdirSync, statSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import path from 'node:path';
import { formatCompareHtml } from './compare-html.js';
import { formatCompareMarkdown, type Comparison } from './compare.js';
import { formatHtmlReport } from './html.js';
import { formatJunit } from './junit.js';
import { asWritten, type Report } from './report.js';
import { BLOB_FILE } from './shard-blob.js';

/** The reporters that write a file of their own next to report.json. */
export const FILE_REPORTERS = { junit: 'junit.xml', html: 'report.html' } as const;
export type FileReporter = keyof typeof FILE_REPORTERS;

/** The files compare writes into its folder (each target's report goes in a folder of its own). */
export const COMPARE_FILES = ['compare.json', 'compare.md', 'compare.html'] as const;

const FORMAT: Record<FileReporter, (report: Report) => string> = { junit: formatJunit, html: formatHtmlReport };

/** The files a run writes into its folder with these reporters: report.json first. */
export function reportFiles(reporters: readonly string[]): string[] {
  const files = ['report.json'];
  for (const [name, file] of Object.entries(FILE_REPORTERS) as [FileReporter, string][]) {
    if (reporters.includes(name)) files.push(file);
  }
  return files;
}

/** Why the report folder cannot take the files, found before anything runs. */
export type OutDirProblem =
  /** the folder is a file */
  | { kind: 'is-a-file'; dir: string }
  /** a folder on the way to it is a file, so nothing can be made under it */
  | { kind: 'under-a-file'; file: string }
  /** the folder, or the nearest one that exists on the way to it, refuses a new entry */
  | { kind: 'not-writable'; dir: string; creates: 'folder' | 'file'; error: string }
  /** one of the files to write is there already and cannot be replaced */
  | { kind: 'file-not-writable'; file: string; error: string };

export type OutDirCheck = { kind: 'writable' } | { kind: 'refused'; problem: OutDirProblem };

/** `EACCES: permission denied`, from a Node error whose message goes on with the call and the path. */
function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split(',')[0] ?? message;
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

/** A name no other process picks, for a probe removed at once. */
const probeName = (): string => `.shutdown-check-probe-${process.pid}-${Math.random().toString(36).slice(2)}`;

/**
 * Checks, before anything runs, that `outDir` is a folder (or can be made one) in which `files` can
 * be written: every folder on the way is a folder, and the nearest that exists accepts a new entry —
 * tried for real, with an entry removed at once, since permission bits do not say it: root passes
 * every access() check, yet /sys refuses it (EACCES, EPERM) and /proc answers ENOENT for a folder
 * that exists. Creates nothing that stays.
 */
export function checkOutDir(outDir: string, files: readonly string[]): OutDirCheck {
  const target = path.resolve(outDir);
  let nearest = path.parse(target).root;
  let complete = true;
  for (const part of path.relative(nearest, target).split(path.sep).filter(Boolean)) {
    const next = path.join(nearest, part);
    let stats: Stats;
    try {
      stats = statSync(next);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') {
        complete = false;
        break;
      }
      return { kind: 'refused', problem: { kind: 'not-writable', dir: nearest, creates: 'folder', error: errorText(error) } };
    }
    if (!stats.isDirectory()) {
      return { kind: 'refused', problem: next === target ? { kind: 'is-a-file', dir: next } : { kind: 'under-a-file', file: next } };
    }
    nearest = next;
  }
  const probe = path.join(nearest, probeName());
  try {
    if (complete) {
      closeSync(openSync(probe, 'wx'));
      unlinkSync(probe);
    } else {
      mkdirSync(probe);
      rmdirSync(probe);
    }
  } catch (error) {
    return { kind: 'refused', problem: { kind: 'not-writable', dir: nearest, creates: complete ? 'file' : 'folder', error: errorText(error) } };
  }
  if (!complete) return { kind: 'writable' };
  for (const name of files) {
    const file = path.join(target, name);
    try {
      // Opened to append, never created nor truncated: only whether it could be written is learnt. Not
      // blocking, so that a FIFO of that name answers (ENXIO) rather than waits for a reader.
      closeSync(openSync(file, constants.O_WRONLY | constants.O_APPEND | constants.O_NONBLOCK));
    } catch (error) {
      if (errorCode(error) === 'ENOENT') continue;
      return { kind: 'refused', problem: { kind: 'file-not-writable', file, error: errorText(error) } };
    }
  }
  return { kind: 'writable' };
}

/** The problem as the one line the command line prints, naming the flag as the user gave it. Pure. */
export function outDirMessage(flag: string, given: string, problem: OutDirProblem): string {
  const head = `${flag} ${given}`;
  switch (problem.kind) {
    case 'is-a-file':
      return `${head} is a file; give a folder (it is made if it does not exist)`;
    case 'under-a-file':
      return `${head}: ${problem.file} is a file, so no folder can be made under it; give a folder`;
    case 'not-writable':
      return `${head}: cannot make a ${problem.creates} in ${problem.dir} (${problem.error}); give a folder you can write to`;
    case 'file-not-writable':
      return `${head}: ${problem.file} is there and cannot be written (${problem.error}); remove it or give another folder`;
  }
}

/**
 * Makes `dir` and the folders on the way to it, one at a time. Not `mkdirSync(dir, { recursive: true })`:
 * in Node 20 that loops for ever on a path whose parent exists but answers ENOENT to mkdir, as in /proc
 * (`/proc/self/nope`); one mkdir per missing folder fails once, with that folder's error.
 */
export function makeDirs(dir: string): void {
  const missing: string[] = [];
  for (let current = path.resolve(dir); !existsSync(current); current = path.dirname(current)) {
    missing.unshift(current);
    if (path.dirname(current) === current) break;
  }
  for (const folder of missing) {
    try {
      mkdirSync(folder);
    } catch (error) {
      // Made meanwhile by someone else: what matters is that it is there.
      if (errorCode(error) !== 'EEXIST' || !statSync(folder).isDirectory()) throw error;
    }
  }
}

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
  makeDirs(outDir);
  const blob = report.shard?.blob;
  const files = [write(outDir, 'report.json', JSON.stringify(asWritten(report), null, 2))];
  if (blob) files.push(write(outDir, BLOB_FILE, JSON.stringify(blob)));
  for (const [name, file] of Object.entries(FILE_REPORTERS) as [FileReporter, string][]) {
    if (reporters.includes(name)) files.push(write(outDir, file, FORMAT[name](report)));
  }
  return files;
}

/** Writes compare.json, compare.md and compare.html into `outDir`; returns their paths. */
export function writeComparison(comparison: Comparison, outDir: string): string[] {
  makeDirs(outDir);
  return [
    write(outDir, 'compare.json', JSON.stringify(comparison, null, 2)),
    write(outDir, 'compare.md', formatCompareMarkdown(comparison)),
    write(outDir, 'compare.html', formatCompareHtml(comparison)),
  ];
}
