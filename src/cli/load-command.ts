/**
 * `shutdown-check load`: its flags, its settings (flags over the config file over the defaults), the
 * run, the report and the exit status. Kept apart from args.ts and main.ts, which only route the verb
 * here.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_WEBSOCKET_CLOSE_CODES } from '../checkers/checker.js';
import { ConfigError, loadConfig, resolveSettings, settingsHelp, type Config } from '../index.js';
import { parseMix } from '../load/mix.js';
import { formatLoadProgress, formatLoadReport } from '../load/report/text.js';
import { runLoad } from '../load/run-load.js';
import type { LoadProgress, LoadSettings } from '../load/settings.js';
import { LOAD_FILES, writeLoadReport } from '../load/write.js';
import { checkOutDir, outDirMessage } from '../report/write.js';
import { TargetError } from '../target/errors.js';
import { flag, flagOptions, negativeValuesJoined, usageOf, UsageError, type Values } from './args.js';
import { EXIT, type ExitStatus } from './exit-codes.js';
import type { Io } from './main.js';
import { printable } from '../report/printable.js';

const OPTIONS = { ...flagOptions('load'), help: { type: 'boolean', short: 'h' } } as const;

export const LOAD_HELP = `shutdown-check load — shutdown under real load, failures counted by class

Usage:
  shutdown-check load --target <file> [options]

Starts the target on the real clock, holds N connections, sends at a fixed rate whatever the answers
(open loop), sends the signal mid-load and keeps the load on through the drain until the target exits
(or the grace period ends with SIGKILL). Writes load.json and load.html to --out.

Options:
${settingsHelp('load', 27)}

Exit status: 0 no failure in an error class · 1 some · 2 bad usage or config · 3 the target or the
harness failed`;

/** What load's flags say; a setting the config file may give is undefined when its flag is left out. */
interface LoadCommand {
  settings: Omit<
    LoadSettings,
    'routes' | 'allowedExitCodes' | 'websocketCloseCodes' | 'websocket' | 'graceMs' | 'signal' | 'startupTimeoutMs' | 'keepPorts'
  > &
    Partial<Pick<LoadSettings, 'graceMs' | 'signal' | 'startupTimeoutMs' | 'keepPorts'>>;
  config?: string;
  reporters: ('pretty' | 'json')[];
  out: string;
}

/** Parses load's flags; throws UsageError with one line naming the bad flag. */
export function parseLoadCommand(argv: string[]): LoadCommand | 'help' {
  let parsed;
  try {
    parsed = parseArgs({ args: negativeValuesJoined(argv, OPTIONS), options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw usageOf(error, OPTIONS, 'shutdown-check load --help');
  }
  const { positionals } = parsed;
  const values = parsed.values as Values;
  if (values.help === true) return 'help';
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'; see shutdown-check load --help`);
  const target = flag('target', values);
  if (target === undefined) throw new UsageError('--target <file> is required: the entry file of your server');
  const given = {
    connections: flag('connections', values),
    rate: flag('rate', values),
    duration: flag('duration', values),
    signalAt: flag('signalAt', values),
  };
  const { connections, rate, duration: durationMs } = resolveSettings(['connections', 'rate', 'duration'], given, null);
  const signalAtMs = given.signalAt ?? Math.round(durationMs / 2);
  if (signalAtMs > durationMs) {
    const length = values.duration ?? `${durationMs / 1000}s`;
    throw new UsageError(`--signal-at ${String(values['signal-at'])} is after the end of the load (--duration ${String(length)}); signal within it`);
  }
  let mix = null;
  const mixText = flag('mix', values);
  if (mixText !== undefined) {
    const parsedMix = parseMix(mixText);
    if (!parsedMix.ok) throw new UsageError(`--mix ${mixText}: ${parsedMix.problem}; e.g. keep-alive=70,slow=10,stream=10,websocket=10`);
    mix = parsedMix.mix;
  }
  const graceMs = flag('grace', values);
  const signal = flag('signal', values);
  const startupTimeoutMs = flag('startupTimeout', values);
  const keepPorts = flag('keepPorts', values);
  const config = flag('config', values);
  const { loadReporter: reporters, out } = resolveSettings(['loadReporter', 'out'], { loadReporter: flag('loadReporter', values), out: flag('out', values) }, null);
  return {
    settings: {
      target,
      connections,
      ratePerSec: rate,
      durationMs,
      signalAtMs,
      mix,
      strict: flag('strict', values) ?? false,
      ...(graceMs !== undefined ? { graceMs } : {}),
      ...(signal !== undefined ? { signal } : {}),
      ...(startupTimeoutMs !== undefined ? { startupTimeoutMs } : {}),
      ...(keepPorts !== undefined ? { keepPorts } : {}),
    },
    ...(config !== undefined ? { config } : {}),
    reporters,
    out,
  };
}

/** The flags, else the config file, else the defaults: decided by the settings table's resolve. */
function settle(command: LoadCommand, config: Config | null): LoadSettings {
  const s = command.settings;
  const resolved = resolveSettings(['grace', 'signal', 'startupTimeout', 'keepPorts'], { grace: s.graceMs, signal: s.signal, startupTimeout: s.startupTimeoutMs, keepPorts: s.keepPorts }, config);
  return {
    ...s,
    graceMs: resolved.grace,
    signal: resolved.signal,
    startupTimeoutMs: resolved.startupTimeout,
    keepPorts: resolved.keepPorts,
    routes: { fast: '/', ...config?.routes },
    websocket: config?.websocket ?? null,
    allowedExitCodes: config?.allowedExitCodes ?? null,
    websocketCloseCodes: config?.websocketCloseCodes ?? DEFAULT_WEBSOCKET_CLOSE_CODES,
  };
}

export async function loadCommand(argv: string[], io: Io, version: string): Promise<ExitStatus> {
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
  // Before the config is loaded and the target started: a load run must not end unable to write.
  const out = checkOutDir(command.out, LOAD_FILES);
  if (out.kind === 'refused') {
    io.err(`shutdown-check: ${outDirMessage('--out', command.out, out.problem)}`);
    return EXIT.usage;
  }
  let config;
  try {
    config = await loadConfig(process.cwd(), command.config);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.err(`shutdown-check: ${error.message}`);
    return EXIT.usage;
  }
  const settings = settle(command, config);
  let run;
  try {
    run = await runLoad(settings, version, progressReporter(io, command.reporters.includes('pretty')));
  } catch (error) {
    if (!(error instanceof TargetError)) throw error;
    io.err(`shutdown-check: ${error.message}`);
    printStderrTail(error.stderrTail, io);
    return EXIT.failed;
  } finally {
    io.progress?.('\n');
  }
  if (run.kind === 'usage') {
    io.err(`shutdown-check: ${run.message}`);
    return EXIT.usage;
  }
  const { summary } = run;
  // The verdict first, the files after: a failure to write them loses no result.
  if (command.reporters.includes('pretty')) io.out(formatLoadReport(summary));
  if (command.reporters.includes('json')) io.out(JSON.stringify(summary, null, 2));
  for (const problem of summary.problems) io.err(`shutdown-check: could not judge the run: ${problem}`);
  if (summary.problems.length > 0) printStderrTail(run.stderrTail, io);
  let files;
  try {
    files = writeLoadReport(summary, command.out);
  } catch (error) {
    const why = error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
    io.err(`shutdown-check: the verdict above stands, but its files could not be written to ${command.out}: ${why}`);
    return EXIT.failed;
  }
  if (command.reporters.includes('pretty')) io.out('', `load.json and load.html in ${path.dirname(files.json)}`);
  return summary.verdict === 'pass' ? EXIT.ok : summary.verdict === 'fail' ? EXIT.violated : EXIT.failed;
}

function printStderrTail(tail: readonly string[], io: Io): void {
  if (tail.length === 0) return;
  io.err("  last lines of the target's stderr:");
  for (const line of tail.slice(-10)) io.err(`  | ${printable(line)}`);
}

/**
 * A bar rewritten in place on a terminal; elsewhere (CI logs) one line as each phase begins, and
 * nothing when stdout is for JSON.
 */
function progressReporter(io: Io, lines: boolean): (progress: LoadProgress) => void {
  if (io.progress) {
    const progress = io.progress;
    return (p) => progress(formatLoadProgress(p));
  }
  let phase: LoadProgress['phase'] | null = null;
  return (p) => {
    if (!lines || p.phase === phase) return;
    phase = p.phase;
    io.out(formatLoadProgress(p).trimEnd());
  };
}
