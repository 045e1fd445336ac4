import { appendFileSync } from 'node:fs';
import { commandLine } from '../index.js';

const { printable } = commandLine;

/** What the command line writes to, and what it reads of where it runs. */
export interface Io {
  /** stdout: results only (the reporters' text, the verdict, the files written) */
  out: (...lines: string[]) => void;
  /** stderr: one line each, whatever a target's text inside it says (see printable.ts) */
  err: (text: string) => void;
  /** stderr, as is: the progress line (see progress.ts) */
  progress: (text: string) => void;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  env: Readonly<Record<string, string | undefined>>;
  /** appends text to a file: the CI job's summary page ($GITHUB_STEP_SUMMARY) */
  append: (file: string, text: string) => void;
}

export const defaultIo: Io = {
  out: (...lines) => process.stdout.write(lines.join('\n') + '\n'),
  err: (text) => process.stderr.write(printable(text) + '\n'),
  progress: (text) => process.stderr.write(text),
  stdoutIsTTY: process.stdout.isTTY === true,
  stderrIsTTY: process.stderr.isTTY === true,
  env: process.env,
  append: (file, text) => appendFileSync(file, text),
};

/**
 * Appends to the job's summary page when GitHub Actions gives one ($GITHUB_STEP_SUMMARY, a file it
 * renders as Markdown under the job). A failure to write it loses nothing: it is one line on stderr.
 */
export function appendStepSummary(markdown: string, io: Io): void {
  const file = io.env.GITHUB_STEP_SUMMARY;
  if (file === undefined || file === '') return;
  try {
    io.append(file, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
  } catch (error) {
    io.err(`shutdown-check: could not append to $GITHUB_STEP_SUMMARY (${file}): ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A target that could not be brought up: the error, then the last lines of its stderr. */
export function printTargetError(error: { message: string; stderrTail: readonly string[] }, io: Io): void {
  io.err(`shutdown-check: ${error.message}`);
  if (error.stderrTail.length > 0) {
    io.err("  last lines of the target's stderr:");
    for (const line of error.stderrTail.slice(-10)) io.err(`  | ${printable(line)}`);
  }
}
