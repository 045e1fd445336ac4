/**
 * `shutdown-check load`: its flags, read into the library's options, and the exit status of what
 * checkUnderLoad resolves or rejects with. Kept apart from args.ts and main.ts, which only route the
 * verb here.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  checkUnderLoad,
  ConfigError,
  formatLoadReport,
  OptionsError,
  commandLine,
  TargetError,
  type CheckUnderLoadOptions,
  type Config,
} from '../index.js';
import { flag, flagOptions, negativeValuesJoined, positionalTarget, usageOf, UsageError, type Values } from './args.js';
import { oneConfig } from './words.js';
import { EXIT, type ExitStatus } from './exit-codes.js';
import type { Io } from './io.js';
import { ProgressLine } from './progress.js';
import { settingsHelp } from './settings-help.js';
import { configOf } from './settle.js';

const { printable, SETTINGS, withLoadedConfig } = commandLine;

// --config as a list, so that a second one is refused rather than taking the last.
const OPTIONS = { ...flagOptions('load'), config: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } } as const;

export const LOAD_HELP = `shutdown-check load — shutdown under real load, failures counted by class

Usage:
  shutdown-check load <file> [options]      or --target <file>

Starts the target on the real clock, holds N connections, sends at a fixed rate whatever the answers
(open loop), sends the signal mid-load and keeps the load on through the drain until the target exits
(or the grace period ends with SIGKILL). Writes load.json and load.html to --out.

Options:
${settingsHelp('load', 27)}

Exit status: 0 no failure in an error class · 1 some · 2 bad usage or config · 3 the target or the
harness failed`;

type LoadReporter = 'pretty' | 'json';

/** What load's flags say: the library's options, and what to print; what they leave out is undefined. */
interface LoadCommand {
  options: Omit<CheckUnderLoadOptions, 'target'> & { target?: string };
  reporters?: LoadReporter[];
}

/** Durations go to the library as written, so that its refusals quote them as the user wrote them. */
const DURATIONS = { duration: 'duration', signalAt: 'signal-at', grace: 'grace', startupTimeout: 'startup-timeout' } as const;

/** Parses load's flags; throws UsageError with one line naming the bad flag. */
export function parseLoadCommand(argv: string[]): LoadCommand | 'help' {
  let parsed;
  try {
    parsed = parseArgs({ args: negativeValuesJoined(argv, OPTIONS), options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw usageOf(error, OPTIONS, 'shutdown-check load --help', argv);
  }
  const { positionals } = parsed;
  const values = parsed.values as Values;
  if (values.help === true) return 'help';
  const options: LoadCommand['options'] = {};
  const set = <K extends keyof LoadCommand['options']>(key: K, value: LoadCommand['options'][K] | undefined): void => {
    if (value !== undefined) options[key] = value;
  };
  const duration = (name: keyof typeof DURATIONS): void => {
    if (flag(name, values) !== undefined) set(name, values[DURATIONS[name]] as string);
  };
  set('target', positionalTarget(positionals, flag('target', values), 'load'));
  // In the order the flags have always been read, so that of two bad flags the same one is named.
  set('connections', flag('connections', values));
  set('rate', flag('rate', values));
  duration('duration');
  duration('signalAt');
  set('mix', flag('mix', values));
  duration('grace');
  set('signal', flag('signal', values));
  duration('startupTimeout');
  set('keepPorts', flag('keepPorts', values));
  set('config', oneConfig(values));
  const reporters = flag('loadReporter', values);
  set('out', flag('out', values));
  set('strict', flag('strict', values));
  return { options, ...(reporters !== undefined ? { reporters } : {}) };
}

/**
 * What load's command line decides itself — the target, the reporters, the folder — from the config
 * file when no flag gives it (the library reads the rest from the same file); UsageError when neither does.
 */
export function settleLoad(command: LoadCommand, config: Config | null): { options: CheckUnderLoadOptions; reporters: LoadReporter[] } {
  const target = command.options.target ?? config?.target;
  if (target === undefined) throw new UsageError('load needs a target: shutdown-check load <file> (or --target <file>, or target in the config file)');
  const fromConfig = config?.reporter;
  const unloadable = fromConfig?.find((name) => !(SETTINGS.loadReporter.kind.values as readonly string[]).includes(name));
  if (command.reporters === undefined && unloadable !== undefined) {
    throw new UsageError(`the config's reporter ${unloadable} is not one load has (pretty, json); give load --reporter to choose its own`);
  }
  const reporters = command.reporters ?? (fromConfig as LoadReporter[] | undefined) ?? [...SETTINGS.loadReporter.default];
  return { options: { ...command.options, target, out: command.options.out ?? config?.out ?? SETTINGS.out.default }, reporters };
}

export async function loadCommand(argv: string[], io: Io): Promise<ExitStatus> {
  let command;
  try {
    command = parseLoadCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`shutdown-check: ${error.message}`);
    return EXIT.usage;
  }
  if (command === 'help') {
    io.out(LOAD_HELP);
    return EXIT.ok;
  }
  const config = await configOf(command.options.config);
  if (config !== null && 'refused' in config) {
    io.err(`shutdown-check: ${config.refused}`);
    return EXIT.usage;
  }
  let settled;
  try {
    settled = settleLoad(command, config);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`shutdown-check: ${error.message}`);
    return EXIT.usage;
  }
  const pretty = settled.reporters.includes('pretty');
  const progress = new ProgressLine({ redraw: io.stderrIsTTY, write: io.progress });
  let run;
  try {
    run = await checkUnderLoad(withLoadedConfig({ ...settled.options, onProgress: (p) => progress.show(p.line.trimEnd(), p.phase) }, config));
  } catch (error) {
    progress.end();
    return rejected(error, io);
  }
  progress.end();
  if (run.kind === 'usage') {
    io.err(`shutdown-check: ${run.message}`);
    return EXIT.usage;
  }
  const { summary } = run;
  // The verdict first, the files after: a failure to write them loses no result.
  if (pretty) io.out(formatLoadReport(summary));
  if (settled.reporters.includes('json')) io.out(JSON.stringify(summary, null, 2));
  for (const problem of summary.problems) io.err(`shutdown-check: could not judge the run: ${problem}`);
  if (summary.problems.length > 0) printStderrTail(run.stderrTail, io);
  if (run.files?.kind === 'not-written') {
    io.err(run.files.line);
    return EXIT.failed;
  }
  const json = run.files?.files[0];
  if (pretty && json !== undefined) io.out('', `load.json and load.html in ${path.dirname(json)}`);
  return summary.verdict === 'pass' ? EXIT.ok : summary.verdict === 'fail' ? EXIT.violated : EXIT.failed;
}

/** Bad options and config are bad usage, a target that cannot start a failed target; anything else goes on up. */
function rejected(error: unknown, io: Io): ExitStatus {
  if (error instanceof OptionsError) {
    io.err(`shutdown-check: ${error.flagMessage}`);
    return EXIT.usage;
  }
  if (error instanceof ConfigError) {
    io.err(`shutdown-check: ${error.message}`);
    return EXIT.usage;
  }
  if (!(error instanceof TargetError)) throw error;
  io.err(`shutdown-check: ${error.message}`);
  printStderrTail(error.stderrTail, io);
  return EXIT.failed;
}

function printStderrTail(tail: readonly string[], io: Io): void {
  if (tail.length === 0) return;
  io.err("  last lines of the target's stderr:");
  for (const line of tail.slice(-10)) io.err(`  | ${printable(line)}`);
}
