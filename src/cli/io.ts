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
