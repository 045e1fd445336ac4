/**
 * How a search's report reaches the user, whoever made it — a search, or `merge` from its shards: the
 * reporters' text on stdout, then the verdict line, the files written and the job's summary page.
 */
import { readFileSync } from 'node:fs';
import { commandLine, type Report, type ScenarioResult } from '../index.js';
import type { ReporterName } from './args.js';
import { colourWanted } from './colour.js';
import { EXIT, type ExitStatus } from './exit-codes.js';
import type { Io } from './io.js';
import { ProgressLine } from './progress.js';

const { COLOURED, PLAIN, reportersNamed, verdictLine } = commandLine;
type Style = typeof PLAIN;

/** How one command prints: the reporters it uses, its colour, and its progress line on stderr. */
export interface Shell {
  names: ReporterName[];
  style: Style;
  progress: ProgressLine;
}

/**
 * Under GitHub Actions (which sets GITHUB_ACTIONS=true in every step) a search annotates the run and
 * writes the job's summary page without being asked, as vitest's github-actions reporter does;
 * `--reporter` overrides it.
 */
function defaultReporters(env: Io['env']): ReporterName[] {
  return env.GITHUB_ACTIONS === 'true' ? ['pretty', 'github', 'summary'] : ['pretty'];
}

export function shellOf(command: { reporters?: ReporterName[]; noColor: boolean }, io: Io): Shell {
  return {
    names: command.reporters ?? defaultReporters(io.env),
    style: colourWanted(command.noColor, io.env, io.stdoutIsTTY) ? COLOURED : PLAIN,
    progress: new ProgressLine({ redraw: io.stderrIsTTY, write: io.progress }),
  };
}

/** A search's verdict, or one scenario's: anything but pass or fail means no verdict was reached. */
export function statusOf(verdict: Report['verdict'] | ScenarioResult['verdict']): ExitStatus {
  return verdict === 'pass' ? EXIT.ok : verdict === 'fail' ? EXIT.violated : EXIT.failed;
}

/**
 * Prints the report with the chosen reporters and writes its files to `out`; the exit status of its
 * verdict, or 3 when the files could not be written.
 */
export function present(report: Report, shell: Shell, out: string, io: Io): ExitStatus {
  const reporters = reportersNamed(shell.names);
  for (const reporter of reporters.each) if (reporter.stdout !== 'no') io.out(reporter.format(report, shell.style));
  // stdout ends with the verdict and the files written, whichever reporters print; a JSON document
  // on stdout holds the verdict itself and takes nothing after it, so its files are told on stderr.
  const ownsStdout = reporters.each.some((r) => r.stdout === 'only');
  const toldVerdict = reporters.each.some((r) => r.stdout === 'yes' && r.endsWithVerdict);
  if (!ownsStdout && !toldVerdict) io.out(verdictLine(report.verdict, shell.style));
  const written = reporters.write(report, out);
  if (written.kind === 'not-written') {
    io.err(written.line);
    return EXIT.failed;
  }
  const told = `report: ${written.files.join(', ')}`;
  if (ownsStdout) io.err(told);
  else io.out('', told);
  const summary = shell.names.includes('summary') ? written.files.find((f) => f.endsWith('summary.md')) : undefined;
  if (summary !== undefined) appendStepSummary(readFileSync(summary, 'utf8'), io);
  return statusOf(report.verdict);
}

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
