/**
 * `shutdown-check load`: its flags, its settings (flags over the config file over the defaults), the
 * run, the report and the exit status. Kept apart from args.ts and main.ts, which only route the verb
 * here.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_WEBSOCKET_CLOSE_CODES } from '../checkers/checker.js';
import { ConfigError, loadConfig, type Config } from '../config/config.js';
import { parseMix } from '../load/mix.js';
import { formatLoadProgress, formatLoadReport } from '../load/report/text.js';
import { runLoad } from '../load/run-load.js';
import { LOAD_DEFAULTS, type LoadProgress, type LoadSettings } from '../load/settings.js';
import { LOAD_FILES, writeLoadReport } from '../load/write.js';
import { checkOutDir, outDirMessage } from '../report/write.js';
import { DEFAULT_GRACE_MS, SIGNALS } from '../scenario/types.js';
import { TargetError } from '../target/errors.js';
import { duration, integer, negativeValuesJoined, oneOf, usageOf, UsageError } from './args.js';
import { EXIT, type ExitStatus } from './exit-codes.js';
import type { Io } from './main.js';
import { printable } from '../report/printable.js';

const OPTIONS = {
  target: { type: 'string' },
  connections: { type: 'string' },
  rate: { type: 'string' },
  duration: { type: 'string' },
  'signal-at': { type: 'string' },
  mix: { type: 'string' },
  grace: { type: 'string' },
  signal: { type: 'string' },
  strict: { type: 'boolean' },
  config: { type: 'string' },
  'keep-ports': { type: 'boolean' },
  'startup-timeout': { type: 'string' },
  reporter: { type: 'string', multiple: true },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const REPORTERS = ['pretty', 'json'] as const;

export const LOAD_HELP = `shutdown-check load — shutdown under real load, failures counted by class

Usage:
  shutdown-check load --target <file> [options]

Starts the target on the real clock, holds N connections, sends at a fixed rate whatever the answers
(open loop), sends the signal mid-load and keeps the load on through the drain until the target exits
(or the grace period ends with SIGKILL). Writes load.json and load.html to --out.

Options:
  --target <file>          the server's entry file (a Node program that listens)
  --connections <n>        connections held open, HTTP and WebSocket (default ${LOAD_DEFAULTS.connections})
  --rate <n>               sends per second, requests and WebSocket messages (default ${LOAD_DEFAULTS.ratePerSec})
  --duration <duration>    how long the load runs (default ${LOAD_DEFAULTS.durationMs / 1000}s); it goes on while the target drains
  --signal-at <duration>   when the signal goes (default: half the duration)
  --mix <kind=weight,...>  connection shares of keep-alive, slow, stream, websocket (default
                           keep-alive=70,slow=10,stream=10,websocket=10; no websocket without an endpoint)
  --grace <duration>       from the signal to the SIGKILL (default 30s)
  --signal <name>          SIGTERM (default), SIGINT, SIGHUP, SIGQUIT, SIGUSR1 or SIGUSR2
  --strict                 warnings (keepalive-race, drain-connection-close) fail the run too
  --config <file>          routes, exit codes, close codes, grace, signal (as for run)
  --keep-ports             let the target listen on the port it asks for
  --startup-timeout <dur>  how long to wait for the first listener (default 10s)
  --reporter <name>        pretty (default), json (load.json on stdout); repeatable
  --out <dir>              where load.json and load.html go (default reports/)

Exit status: 0 no failure in an error class · 1 some · 2 bad usage or config · 3 the target or the
harness failed`;

interface LoadCommand {
  settings: Omit<
    LoadSettings,
    'routes' | 'allowedExitCodes' | 'websocketCloseCodes' | 'websocket' | 'graceMs' | 'signal' | 'startupTimeoutMs' | 'keepPorts'
  > &
    Partial<Pick<LoadSettings, 'graceMs' | 'signal' | 'startupTimeoutMs' | 'keepPorts'>>;
  config?: string;
  reporters: (typeof REPORTERS)[number][];
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
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'; see shutdown-check load --help`);
  if (values.target === undefined) throw new UsageError('--target <file> is required: the entry file of your server');
  const durationMs = duration('duration', values.duration) ?? LOAD_DEFAULTS.durationMs;
  const signalAtMs = duration('signal-at', values['signal-at']) ?? Math.round(durationMs / 2);
  if (signalAtMs > durationMs) {
    const length = values.duration ?? `${LOAD_DEFAULTS.durationMs / 1000}s`;
    throw new UsageError(`--signal-at ${values['signal-at']} is after the end of the load (--duration ${length}); signal within it`);
  }
  let mix = null;
  if (values.mix !== undefined) {
    const parsedMix = parseMix(values.mix);
    if (!parsedMix.ok) throw new UsageError(`--mix ${values.mix}: ${parsedMix.problem}; e.g. keep-alive=70,slow=10,stream=10,websocket=10`);
    mix = parsedMix.mix;
  }
  const graceMs = duration('grace', values.grace);
  const signal = oneOf('signal', values.signal, SIGNALS);
  const startupTimeoutMs = duration('startup-timeout', values['startup-timeout']);
  return {
    settings: {
      target: values.target,
      connections: integer('connections', values.connections, 1) ?? LOAD_DEFAULTS.connections,
      ratePerSec: integer('rate', values.rate, 1) ?? LOAD_DEFAULTS.ratePerSec,
      durationMs,
      signalAtMs,
      mix,
      strict: values.strict ?? false,
      ...(graceMs !== undefined ? { graceMs } : {}),
      ...(signal !== undefined ? { signal } : {}),
      ...(startupTimeoutMs !== undefined ? { startupTimeoutMs } : {}),
      ...(values['keep-ports'] !== undefined ? { keepPorts: values['keep-ports'] } : {}),
    },
    ...(values.config !== undefined ? { config: values.config } : {}),
    reporters: (values.reporter ?? ['pretty']).map((name) => oneOf('reporter', name, REPORTERS) ?? 'pretty'),
    out: values.out ?? 'reports',
  };
}

/** The flags, else the config file, else the defaults. */
function settle(command: LoadCommand, config: Config | null): LoadSettings {
  const s = command.settings;
  return {
    ...s,
    graceMs: s.graceMs ?? config?.graceMs ?? DEFAULT_GRACE_MS,
    signal: s.signal ?? config?.signal ?? 'SIGTERM',
    startupTimeoutMs: s.startupTimeoutMs ?? config?.startupTimeoutMs ?? 10_000,
    keepPorts: s.keepPorts ?? config?.keepPorts ?? false,
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
