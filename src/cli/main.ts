import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig, type Config } from '../config/config.js';
import { formatProgress, formatReport } from '../report/pretty.js';
import { buildReport } from '../report/build.js';
import { targetWords, type Report, type SearchSettings } from '../report/report.js';
import { writeComparison, writeReport } from '../report/write.js';
import { formatGithubAnnotations } from '../report/github.js';
import { compareRow, formatCompareText, type CompareRow, type Comparison } from '../report/compare.js';
import { searchProperty } from '../run/property.js';
import { scenarioArbitrary } from '../scenario/arbitraries.js';
import { selectKinds } from '../scenario/kinds.js';
import { DEFAULT_GRACE_MS, type ClientKind, type Profile, type SignalName } from '../scenario/types.js';
import { TargetError } from '../target/errors.js';
import { launchCommand } from '../target/command.js';
import { launchTarget } from '../target/launch.js';
import { speaksHttp } from '../target/protocol-probe.js';
import { parseCommand, UsageError, type CompareCommand, type ReplayCommand, type RunCommand } from './args.js';
import { EXIT, type ExitStatus } from './exit-codes.js';

export interface Io {
  out: (...lines: string[]) => void;
  err: (text: string) => void;
  /** rewrites the current terminal line (progress); absent when the output is not a terminal */
  progress?: (text: string) => void;
}

const defaultIo: Io = {
  out: (...lines) => process.stdout.write(lines.join('\n') + '\n'),
  err: (text) => process.stderr.write(text + '\n'),
  ...(process.stdout.isTTY ? { progress: (text: string) => process.stdout.write(`\r${text}`) } : {}),
};

export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

const HELP = `shutdown-check — proves whether a server shuts down correctly

Usage:
  shutdown-check [run] --target <file> [options]
  shutdown-check [run] --cmd "<command>" (--port <n> | --port-env <NAME>) [options]
  shutdown-check compare <target> <target> ... [options]    a folder counts as its .js files
  shutdown-check replay <report.json>

Options:
  --target <file>            the server's entry file (a Node program that listens)
  --cmd "<command>"          instead of --target: any server, in any language, run with
                             /bin/sh -c in its own process group; no agent, real clock only
  --port <n>                 --cmd: the port the command listens on
  --port-env <NAME>          --cmd: the harness picks a free port and passes it in $NAME
  --ready-pattern <regex>    --cmd: ready when a stdout line matches (default: when the port
                             accepts a TCP connection)
  --runs <n>                 property runs: scenarios tried (default 100)
  --seed <n> --path <p>      replay a failure (both are printed with it)
  --clock virtual|real       virtual (default for --target): the harness owns the target's
                             timers, so a 30 s drain costs milliseconds; real (the only one for
                             --cmd): nothing is faked
  --time-scale <k>           real clock only: play the scenario at k real ms per scenario ms
                             (0.25 runs a 30 s grace in 7.5 s); the agent scales the target's own
                             timers alike, and a --cmd target gets its routes' {ms} and {every}
                             scaled (default 1)
  --grace <duration>         from the signal to the SIGKILL (default 30s)
  --signal <name>            SIGTERM (default), SIGINT, SIGHUP, SIGQUIT, SIGUSR1 or SIGUSR2
  --clients <kinds>          comma list of keep-alive, slow, stream, websocket, silent, raw, late,
                             http (default: every kind the target supports)
  --profile <name>           immediate (default) or kubernetes
  --strict                   warnings fail the run too
  --config <file>            default: shutdown-check.config.{js,mjs,json} in the working directory
  --reporter <name>          repeatable; pretty (default): the verdicts and the counterexample;
                             json: report.json on stdout; junit: <out>/junit.xml; html:
                             <out>/report.html, one self-contained page; github: GitHub
                             Actions annotations on stdout
  --out <dir>                where report.json and the reporters' files go (default reports/)
  --concurrency <n>          independent searches at once, each with its own seed (default 1)
  --time-budget <duration>   stop searching after this long; the runs done so far count
  --keep-ports               let the target listen on the port it asks for (default: remapped)
  --startup-timeout <dur>    how long to wait for the first listener, or for a --cmd target to
                             be ready (default 10s)
  -h, --help                 this text
  -v, --version              the version

Examples:
  shutdown-check --target ./server.js
  shutdown-check --target ./server.js --runs 500 --concurrency 2 --grace 10s
  shutdown-check --target ./server.js --seed 42 --path 3:0:1      replay a failure
  shutdown-check --cmd "python3 server.py" --port-env PORT --config shutdown-check.config.json
  shutdown-check --cmd "./server" --port-env PORT --time-scale 0.25
  shutdown-check replay reports/report.json
  shutdown-check compare scenarios/ --runs 50 --seed 1

Exit status: 0 every invariant holds · 1 an invariant is violated · 2 bad usage or config ·
3 the target or the harness failed (or a verdict could not be reached)`;

/** What one search uses: the command line's flags, else the config file's values, else the defaults. */
interface Settings {
  /** the entry file, or the command */
  target: string;
  /** present for a command target */
  command: { cmd: string; port?: number; portEnv?: string; readyPattern?: string } | null;
  configPath: string | null;
  clock: 'virtual' | 'real';
  timeScale: number;
  graceMs: number;
  signal: SignalName;
  profile: Profile;
  requested: ClientKind[] | undefined;
  keepPorts: boolean;
  startupTimeoutMs: number;
  strict: boolean;
  config: Config | null;
}

/** Settles the flags against the config file; throws UsageError for a combination that cannot run. */
function settle(command: RunCommand & { concurrency: number }, config: Config | null): Settings {
  const cmd = command.cmd ?? (command.target === undefined ? config?.cmd : undefined);
  const target = command.target ?? cmd;
  if (target === undefined) {
    throw new UsageError('--target <file> is required: the entry file of your server (or --cmd "<command>" for a server in any language)');
  }
  const port = command.port ?? config?.port;
  const portEnv = command.portEnv ?? config?.portEnv;
  const readyPattern = command.readyPattern ?? config?.readyPattern;
  let clock = command.clock ?? 'virtual';
  if (cmd === undefined) {
    const stray = command.port !== undefined ? '--port' : command.portEnv !== undefined ? '--port-env' : command.readyPattern !== undefined ? '--ready-pattern' : null;
    if (stray !== null) throw new UsageError(`${stray} goes with --cmd; a --target is a Node program whose port the agent reports`);
    // A command runs under the real clock without --clock real; a Node target only with it.
    if (command.timeScale !== undefined && clock !== 'real') {
      throw new UsageError('--time-scale scales the real clock; use it with --clock real');
    }
  } else {
    if (command.clock === 'virtual') {
      throw new UsageError('--clock virtual needs the agent inside a Node target; a --cmd target runs under the real clock (leave --clock out)');
    }
    clock = 'real';
    if (port === undefined && portEnv === undefined) {
      throw new UsageError('--cmd needs its port: --port <n> where it listens, or --port-env <NAME> to be given a free one (e.g. --port-env PORT)');
    }
    if (port !== undefined && command.concurrency > 1) {
      throw new UsageError(`--port ${port} gives every run the same port, so runs cannot go in parallel; use --port-env <NAME> with --concurrency`);
    }
  }
  return {
    target,
    command:
      cmd === undefined
        ? null
        : {
            cmd,
            ...(port !== undefined ? { port } : {}),
            ...(portEnv !== undefined ? { portEnv } : {}),
            ...(readyPattern !== undefined ? { readyPattern } : {}),
          },
    configPath: command.config ?? null,
    clock,
    timeScale: command.timeScale ?? 1,
    graceMs: command.graceMs ?? config?.graceMs ?? DEFAULT_GRACE_MS,
    signal: command.signal ?? config?.signal ?? 'SIGTERM',
    profile: command.profile ?? config?.profile ?? 'immediate',
    requested: command.clients ?? config?.clients,
    keepPorts: command.keepPorts ?? config?.keepPorts ?? false,
    startupTimeoutMs: command.startupTimeoutMs ?? config?.startupTimeoutMs ?? 10_000,
    strict: command.strict,
    config,
  };
}

export async function main(argv: string[], io: Io = defaultIo): Promise<ExitStatus> {
  let command;
  try {
    command = parseCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`shutdown-check: ${error.message}`);
    return EXIT.usage;
  }
  if (command.command === 'help') {
    io.out(HELP);
    return EXIT.ok;
  }
  if (command.command === 'version') {
    io.out(version());
    return EXIT.ok;
  }
  if (command.command === 'replay') return replay(command, io);
  if (command.command === 'compare') return compare(command, io);
  return run(command, io);
}

/** `replay <report.json>`: the same search settings, with the counterexample's seed and path. */
async function replay(command: ReplayCommand, io: Io): Promise<ExitStatus> {
  let report: Report;
  try {
    report = JSON.parse(readFileSync(command.report, 'utf8')) as Report;
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    io.err(`shutdown-check: cannot read ${command.report} (${why}); pass the report.json a run wrote`);
    return EXIT.usage;
  }
  if (!report.counterexample || !report.settings) {
    io.err(`shutdown-check: ${command.report} has no counterexample to replay (its verdict is ${report.verdict})`);
    return EXIT.usage;
  }
  const s = report.settings;
  const argv = [...targetWords(s), ...(s.command ? [] : ['--clock', s.clock]), '--grace', `${s.graceMs}ms`, '--signal', s.signal];
  if (s.timeScale !== undefined && s.timeScale !== 1) argv.push('--time-scale', String(s.timeScale));
  argv.push('--profile', s.profile, '--clients', s.clients.join(','), '--seed', String(report.seed));
  argv.push('--path', report.counterexample.path);
  if (s.config) argv.push('--config', s.config);
  if (s.strict) argv.push('--strict');
  return main(argv, io);
}

async function loadConfigOr(command: { config?: string }, io: Io): Promise<Config | null | 'bad'> {
  try {
    return await loadConfig(process.cwd(), command.config);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.err(`shutdown-check: ${error.message}`);
    return 'bad';
  }
}

type SearchCommand = Omit<RunCommand, 'command'>;
type Searched = { report: Report; files: string[]; error: TargetError | null } | { usage: string };

/**
 * The whole search against one target: probe it (fails fast on a bad target; tells the client kinds),
 * search, build the report and write it to `out`. A target that cannot start comes back as the
 * report's `error` verdict with the TargetError.
 */
async function searchTarget(command: SearchCommand, config: Config | null, io: Io): Promise<Searched> {
  const settings = settle({ ...command, command: 'run' }, config);
  const target = settings.target;
  const common = {
    clock: settings.clock,
    timeScale: settings.timeScale,
    keepPorts: settings.keepPorts,
    startupTimeoutMs: settings.startupTimeoutMs,
    ...(config ? { routes: config.routes } : {}),
  };
  const runOptions = settings.command ? { ...common, command: settings.command } : { ...common, entry: target };
  const serves = await probeTarget(settings, config);
  const { kinds, dropped } = selectKinds({
    ...(settings.requested ? { requested: settings.requested } : {}),
    upgrade: serves.upgrade,
    websocketConfig: config?.websocket ?? null,
    raw: !serves.http,
    ...(settings.command
      ? { noAgent: { slowRoute: config?.routes.slow !== undefined, streamRoute: config?.routes.stream !== undefined } }
      : {}),
  });
  for (const d of dropped) io.err(`shutdown-check: no ${d.kind} clients for ${target}: ${d.why}`);
  if (kinds.length === 0) {
    return { usage: `none of the client kinds ${settings.requested?.join(', ')} applies to ${target}; see --clients in --help` };
  }
  const search: SearchSettings = {
    target: settings.target,
    ...(settings.command ? { command: commandSettings(settings.command) } : {}),
    clock: settings.clock,
    ...(settings.timeScale !== 1 ? { timeScale: settings.timeScale } : {}),
    graceMs: settings.graceMs,
    signal: settings.signal,
    profile: settings.profile,
    clients: kinds,
    strict: settings.strict,
    config: settings.configPath,
  };
  const checkOptions = {
    strict: settings.strict,
    ...(config?.allowedExitCodes ? { allowedExitCodes: config.allowedExitCodes } : {}),
    ...(config ? { websocketCloseCodes: config.websocketCloseCodes } : {}),
    ...(config?.drainDelayMs !== undefined ? { drainDelayMs: config.drainDelayMs } : {}),
    ...(config?.routes.readiness ? { readinessPath: config.routes.readiness } : {}),
  };
  const result = await searchProperty({
    run: runOptions,
    arbitrary: scenarioArbitrary({ kinds, graceMs: settings.graceMs, signal: settings.signal, profile: settings.profile }),
    check: checkOptions,
    numRuns: command.runs,
    ...(command.seed !== undefined ? { seed: command.seed } : {}),
    ...(command.path !== undefined ? { path: command.path } : {}),
    ...(command.timeBudgetMs !== undefined ? { timeBudgetMs: command.timeBudgetMs } : {}),
    concurrency: command.concurrency,
    onRun: (progress) => {
      if (io.progress) return io.progress(formatProgress(progress, command.runs));
      // With the json reporter stdout is one JSON document: progress lines would break it.
      if (command.reporters.includes('json')) return;
      // Not a terminal (CI logs): a line every 10 runs, and one when the first failure is found.
      const firstFailure = progress.failures === 1 && progress.shrinkRuns === 0;
      if (firstFailure || (progress.failures === 0 && progress.runs % 10 === 0)) {
        io.out(formatProgress(progress, command.runs));
      }
    },
  });
  if (io.progress) io.progress('\n');
  const report = buildReport(result, search, version());
  const files = writeReport(report, command.out, command.reporters);
  return { report, files, error: result.status === 'error' ? (result.error ?? null) : null };
}

/**
 * Starts the target once, before the search: a target that cannot start fails fast, and it tells
 * what it serves. A Node target's agent says so; a command is asked with one HTTP request.
 */
async function probeTarget(settings: Settings, config: Config | null): Promise<{ http: boolean; upgrade: boolean }> {
  if (settings.command) {
    const probe = await launchCommand({ ...settings.command, startupTimeoutMs: settings.startupTimeoutMs });
    try {
      return { http: await speaksHttp(probe.port, config?.routes.fast ?? '/'), upgrade: false };
    } finally {
      await probe.dispose();
    }
  }
  const probe = await launchTarget({ entry: settings.target, keepPorts: settings.keepPorts, startupTimeoutMs: settings.startupTimeoutMs, clock: 'virtual' });
  const serves = await probe.describe();
  await probe.dispose();
  return serves;
}

function commandSettings(command: NonNullable<Settings['command']>): NonNullable<SearchSettings['command']> {
  const { cmd: _cmd, ...rest } = command;
  return rest;
}

function statusOf(verdict: Report['verdict']): ExitStatus {
  return verdict === 'pass' ? EXIT.ok : verdict === 'fail' ? EXIT.violated : EXIT.failed;
}

async function run(command: RunCommand, io: Io): Promise<ExitStatus> {
  const config = await loadConfigOr(command, io);
  if (config === 'bad') return EXIT.usage;
  try {
    const searched = await searchTarget(command, config, io);
    if ('usage' in searched) {
      io.err(`shutdown-check: ${searched.usage}`);
      return EXIT.usage;
    }
    const { report, files, error } = searched;
    if (command.reporters.includes('pretty')) io.out(formatReport(report) + `\n\nreport: ${files.join(', ')}`);
    if (command.reporters.includes('json')) io.out(JSON.stringify(report, null, 2));
    if (command.reporters.includes('github')) io.out(formatGithubAnnotations(report));
    if (error) printTargetError(error, io);
    return statusOf(report.verdict);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`shutdown-check: ${error.message}`);
      return EXIT.usage;
    }
    if (!(error instanceof TargetError)) throw error;
    printTargetError(error, io);
    return EXIT.failed;
  }
}

/** The targets a compare names: files as given, folders as the .js, .mjs and .cjs files in them. */
function expandTargets(targets: string[]): string[] {
  return targets.flatMap((t) =>
    existsSync(t) && statSync(t).isDirectory()
      ? readdirSync(t)
          .filter((f) => /\.(m|c)?js$/.test(f))
          .sort()
          .map((f) => path.join(t, f))
      : [t],
  );
}

/**
 * `compare`: the same search — same seed, same budget — against each target, then one matrix of
 * strategies × invariants, written to compare.md, compare.html and compare.json in --out, each
 * target's report.json in a folder of its own. Exit status as for one target, over all of them: 1 if any violates.
 */
async function compare(command: CompareCommand, io: Io): Promise<ExitStatus> {
  const config = await loadConfigOr(command, io);
  if (config === 'bad') return EXIT.usage;
  const seed = command.seed ?? Math.floor(Math.random() * 2 ** 31);
  const targets = expandTargets(command.targets);
  if (targets.length === 0) {
    io.err(`shutdown-check: no .js, .mjs or .cjs files in ${command.targets.join(', ')}`);
    return EXIT.usage;
  }
  const rows: CompareRow[] = [];
  let invariants: string[] = [];
  let worst: ExitStatus = EXIT.ok;
  for (const target of targets) {
    io.out(`${target}:`);
    const out = path.join(command.out, path.basename(target).replace(/\.(m|c)?js$/, ''));
    try {
      const searched = await searchTarget({ ...command, target, seed, out }, config, io);
      if ('usage' in searched) {
        io.err(`shutdown-check: ${searched.usage}`);
        return EXIT.usage;
      }
      const { report, error } = searched;
      if (error) printTargetError(error, io);
      if (command.reporters.includes('github')) io.out(formatGithubAnnotations(report));
      rows.push(compareRow(report));
      if (invariants.length === 0) invariants = report.invariants.map((i) => i.id);
      worst = Math.max(worst, statusOf(report.verdict)) as ExitStatus;
    } catch (error) {
      if (error instanceof UsageError) {
        io.err(`shutdown-check: ${error.message}`);
        return EXIT.usage;
      }
      if (!(error instanceof TargetError)) throw error;
      printTargetError(error, io);
      rows.push({ target, verdict: 'error', reason: error.message, cells: {}, replay: null });
      worst = EXIT.failed;
    }
  }
  const comparison: Comparison = { tool: { name: 'shutdown-check', version: version() }, seed, numRuns: command.runs, invariants, rows };
  writeComparison(comparison, command.out);
  io.out('', formatCompareText(comparison), '', `compare.md, compare.html and compare.json in ${command.out}`);
  return worst;
}

function printTargetError(error: TargetError, io: Io): void {
  io.err(`shutdown-check: ${error.message}`);
  if (error.stderrTail.length > 0) {
    io.err("  last lines of the target's stderr:");
    for (const line of error.stderrTail.slice(-10)) io.err(`  | ${line}`);
  }
}
