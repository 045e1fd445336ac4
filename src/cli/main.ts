import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig, type Config } from '../config/config.js';
import { formatProgress, formatReport } from '../report/pretty.js';
import { buildReport } from '../report/build.js';
import type { Report, SearchSettings } from '../report/report.js';
import { writeReport } from '../report/write.js';
import { compareRow, formatCompareMarkdown, formatCompareText, type CompareRow, type Comparison } from '../report/compare.js';
import { searchProperty } from '../run/property.js';
import { scenarioArbitrary } from '../scenario/arbitraries.js';
import { selectKinds } from '../scenario/kinds.js';
import { DEFAULT_GRACE_MS, type ClientKind, type Profile, type SignalName } from '../scenario/types.js';
import { TargetError } from '../target/errors.js';
import { launchTarget } from '../target/launch.js';
import { parseCommand, UsageError, type CompareCommand, type ReplayCommand, type RunCommand } from './args.js';
import { EXIT, type ExitStatus } from './exit-codes.js';
import { loadCommand } from './load-command.js';

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
  shutdown-check compare <target> <target> ... [options]    a folder counts as its .js files
  shutdown-check replay <report.json>
  shutdown-check load --target <file> [options]             shutdown under real load; load --help

Options:
  --target <file>            the server's entry file (a Node program that listens)
  --runs <n>                 property runs: scenarios tried (default 100)
  --seed <n> --path <p>      replay a failure (both are printed with it)
  --clock virtual|real       virtual (default): the harness owns the target's timers, so a 30 s
                             drain costs milliseconds; real: nothing is faked
  --grace <duration>         from the signal to the SIGKILL (default 30s)
  --signal <name>            SIGTERM (default), SIGINT, SIGHUP, SIGQUIT, SIGUSR1 or SIGUSR2
  --clients <kinds>          comma list of keep-alive, slow, stream, websocket, silent, raw, late,
                             http (default: every kind the target supports)
  --profile <name>           immediate (default) or kubernetes
  --strict                   warnings fail the run too
  --config <file>            default: shutdown-check.config.{js,mjs,json} in the working directory
  --reporter <name>          pretty (default), json (report.json on stdout); repeatable
  --out <dir>                where report.json goes (default reports/)
  --concurrency <n>          independent searches at once, each with its own seed (default 1)
  --time-budget <duration>   stop searching after this long; the runs done so far count
  --keep-ports               let the target listen on the port it asks for (default: remapped)
  --startup-timeout <dur>    how long to wait for the first listener (default 10s)
  -h, --help                 this text
  -v, --version              the version

Examples:
  shutdown-check --target ./server.js
  shutdown-check --target ./server.js --runs 500 --concurrency 2 --grace 10s
  shutdown-check --target ./server.js --seed 42 --path 3:0:1      replay a failure
  shutdown-check replay reports/report.json
  shutdown-check compare scenarios/ --runs 50 --seed 1

Exit status: 0 every invariant holds · 1 an invariant is violated · 2 bad usage or config ·
3 the target or the harness failed (or a verdict could not be reached)`;

/** What one search uses: the command line's flags, else the config file's values, else the defaults. */
interface Settings {
  target: string;
  configPath: string | null;
  clock: 'virtual' | 'real';
  graceMs: number;
  signal: SignalName;
  profile: Profile;
  requested: ClientKind[] | undefined;
  keepPorts: boolean;
  startupTimeoutMs: number;
  strict: boolean;
  config: Config | null;
}

function settle(command: RunCommand, config: Config | null): Settings {
  return {
    target: command.target,
    configPath: command.config ?? null,
    clock: command.clock ?? 'virtual',
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
  if (argv[0] === 'load') return loadCommand(argv.slice(1), io, version());
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
  const argv = ['--target', s.target, '--clock', s.clock, '--grace', `${s.graceMs}ms`, '--signal', s.signal];
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

type SearchCommand = Omit<RunCommand, 'command' | 'target'>;
type Searched = { report: Report; error: TargetError | null } | { usage: string };

/**
 * The whole search against one target: probe it (fails fast on a bad target; tells the client kinds),
 * search, build the report and write it to `out`. A target that cannot start comes back as the
 * report's `error` verdict with the TargetError.
 */
async function searchTarget(target: string, command: SearchCommand, config: Config | null, io: Io): Promise<Searched> {
  const settings = settle({ ...command, command: 'run', target }, config);
  const runOptions = {
    entry: settings.target,
    clock: settings.clock,
    keepPorts: settings.keepPorts,
    startupTimeoutMs: settings.startupTimeoutMs,
    ...(config ? { routes: config.routes } : {}),
  };
  const probe = await launchTarget({ ...runOptions, clock: 'virtual' });
  const serves = await probe.describe();
  await probe.dispose();
  const { kinds, dropped } = selectKinds({
    ...(settings.requested ? { requested: settings.requested } : {}),
    upgrade: serves.upgrade,
    websocketConfig: config?.websocket ?? null,
    raw: !serves.http,
  });
  for (const d of dropped) io.err(`shutdown-check: no ${d.kind} clients for ${target}: ${d.why}`);
  if (kinds.length === 0) {
    return { usage: `none of the client kinds ${settings.requested?.join(', ')} applies to ${target}; see --clients in --help` };
  }
  const search: SearchSettings = {
    target: settings.target,
    clock: settings.clock,
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
      // Not a terminal (CI logs): a line every 10 runs, and one when the first failure is found.
      const firstFailure = progress.failures === 1 && progress.shrinkRuns === 0;
      if (firstFailure || (progress.failures === 0 && progress.runs % 10 === 0)) {
        io.out(formatProgress(progress, command.runs));
      }
    },
  });
  if (io.progress) io.progress('\n');
  const report = buildReport(result, search, version());
  writeReport(report, command.out);
  return { report, error: result.status === 'error' ? (result.error ?? null) : null };
}

function statusOf(verdict: Report['verdict']): ExitStatus {
  return verdict === 'pass' ? EXIT.ok : verdict === 'fail' ? EXIT.violated : EXIT.failed;
}

async function run(command: RunCommand, io: Io): Promise<ExitStatus> {
  const config = await loadConfigOr(command, io);
  if (config === 'bad') return EXIT.usage;
  try {
    const searched = await searchTarget(command.target, command, config, io);
    if ('usage' in searched) {
      io.err(`shutdown-check: ${searched.usage}`);
      return EXIT.usage;
    }
    const { report, error } = searched;
    if (command.reporters.includes('pretty')) io.out(formatReport(report) + `\n\nreport: ${path.join(command.out, 'report.json')}`);
    if (command.reporters.includes('json')) io.out(JSON.stringify(report, null, 2));
    if (error) printTargetError(error, io);
    return statusOf(report.verdict);
  } catch (error) {
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
 * strategies × invariants, written to compare.md and compare.json in --out, each target's report.json
 * in a folder of its own. Exit status as for one target, over all of them: 1 if any violates.
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
      const searched = await searchTarget(target, { ...command, seed, out }, config, io);
      if ('usage' in searched) {
        io.err(`shutdown-check: ${searched.usage}`);
        return EXIT.usage;
      }
      const { report, error } = searched;
      if (error) printTargetError(error, io);
      rows.push(compareRow(report));
      if (invariants.length === 0) invariants = report.invariants.map((i) => i.id);
      worst = Math.max(worst, statusOf(report.verdict)) as ExitStatus;
    } catch (error) {
      if (!(error instanceof TargetError)) throw error;
      printTargetError(error, io);
      rows.push({ target, verdict: 'error', reason: error.message, cells: {}, replay: null });
      worst = EXIT.failed;
    }
  }
  const comparison: Comparison = { tool: { name: 'shutdown-check', version: version() }, seed, numRuns: command.runs, invariants, rows };
  mkdirSync(command.out, { recursive: true });
  writeFileSync(path.join(command.out, 'compare.json'), JSON.stringify(comparison, null, 2) + '\n');
  writeFileSync(path.join(command.out, 'compare.md'), formatCompareMarkdown(comparison) + '\n');
  io.out('', formatCompareText(comparison), '', `compare.md and compare.json in ${command.out}`);
  return worst;
}

function printTargetError(error: TargetError, io: Io): void {
  io.err(`shutdown-check: ${error.message}`);
  if (error.stderrTail.length > 0) {
    io.err("  last lines of the target's stderr:");
    for (const line of error.stderrTail.slice(-10)) io.err(`  | ${line}`);
  }
}
