import { readFileSync } from 'node:fs';
import {
  checkShutdown,
  commandLine,
  ConfigError,
  OptionsError,
  parseScenario,
  runScenario,
  ScenarioError,
  TargetError,
  version,
  type CheckShutdownOptions,
  type Config,
  type Report,
  type Scenario,
} from '../index.js';
import { parseCommand, UsageError, type CompareCommand, type ReplayCommand, type RunCommand } from './args.js';
import { EXIT, type ExitStatus } from './exit-codes.js';
import { HELP } from './help.js';
import { defaultIo, type Io } from './io.js';
import { mergeCommand } from './merge-command.js';
import { appendStepSummary, present, shellOf, statusOf, type Shell } from './present.js';
import { searchPhase } from './progress.js';
import { configOf, settle, type Settled } from './settle.js';

export type { Io } from './io.js';

const { compareTargets, printable, replayArgs, reportersNamed, withLoadedConfig } = commandLine;

export async function main(argv: string[], io: Io = defaultIo): Promise<ExitStatus> {
  if (argv[0] === 'merge') return mergeCommand(argv.slice(1), io);
  if (argv[0] === 'load') {
    // Imported only when asked for: load mode's dependencies (undici's pool, the HDR histogram) cost
    // every other command about 0.2 s of start-up.
    const { loadCommand } = await import('./load-command.js');
    return loadCommand(argv.slice(1), io);
  }
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
  // Loaded once, here: the library is handed it and does not load it again.
  const config = await configOf(command.config);
  if (config !== null && 'refused' in config) {
    io.err(`shutdown-check: ${config.refused}`);
    return EXIT.usage;
  }
  if (command.command === 'compare') return compare(settle(command, config), config, io);
  return run(settle(command, config), config, io);
}

/**
 * `replay <report.json> [invariant]`: the same search settings, with a counterexample's seed, path and
 * focus — the one the report's `replay` names, or the given invariant's own.
 */
async function replay(command: ReplayCommand, io: Io): Promise<ExitStatus> {
  let report: Report;
  try {
    report = JSON.parse(readFileSync(command.report, 'utf8')) as Report;
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    io.err(`shutdown-check: cannot read ${command.report} (${why}); pass the report.json a run wrote`);
    return EXIT.usage;
  }
  const violated = (report.invariants ?? []).filter((i) => i.counterexample);
  const chosen = command.invariant === undefined ? report.counterexample ?? violated[0]?.counterexample : violated.find((i) => i.id === command.invariant)?.counterexample;
  if (!chosen || !report.settings) {
    const names = violated.map((i) => i.id);
    const which = command.invariant === undefined ? '' : ` for ${command.invariant}`;
    const choose = names.length > 0 ? `; it has one for ${names.join(', ')}` : '';
    io.err(`shutdown-check: ${command.report} has no counterexample to replay${which} (its verdict is ${report.verdict})${choose}`);
    return EXIT.usage;
  }
  // Exactly the arguments of the replay command printed with the failure.
  const at = { seed: chosen.seed ?? report.seed, path: chosen.path, focus: chosen.focus ?? [] };
  return main(replayArgs(report.settings, at), io);
}

type SearchCommand = Omit<RunCommand, 'command' | 'target' | 'scenario'>;

/** The library's options for one target's search, from the command line's flags (undefined: not given). */
function searchOptions(target: string | undefined, command: SearchCommand, io: Io, shell: Shell): CheckShutdownOptions {
  const named = target ?? command.cmd ?? 'the config file\'s command';
  return {
    target,
    ...commandFlags(command),
    config: command.config,
    clock: command.clock,
    timeScale: command.timeScale,
    grace: command.graceMs,
    signal: command.signal,
    profile: command.profile,
    clients: command.clients,
    keepPorts: command.keepPorts,
    startupTimeout: command.startupTimeoutMs,
    proxy: command.proxy,
    proxyDrainDelay: command.proxyDrainDelayMs,
    strict: command.strict,
    runs: command.runs,
    seed: command.seed,
    path: command.path,
    focus: command.focusMs,
    maxLatency: command.maxLatencyMs,
    shrinkRuns: command.shrinkRuns,
    shrinkBudget: command.shrinkBudgetMs,
    secondSignals: command.secondSignals,
    concurrency: command.concurrency,
    timeBudget: command.timeBudgetMs,
    node: command.node,
    onProgress: (progress) => shell.progress.show(progress.line, searchPhase(progress)),
    onDroppedKind: (d) => io.err(`shutdown-check: no ${d.kind} clients for ${named}: ${d.why}`),
    onNotice: (message) => {
      shell.progress.end();
      io.err(`shutdown-check: ${message}`);
    },
  };
}

/** `--cmd` and what goes with it, as the library's options. */
function commandFlags(command: SearchCommand): Pick<CheckShutdownOptions, 'cmd' | 'port' | 'portEnv' | 'readyPattern'> {
  return { cmd: command.cmd, port: command.port, portEnv: command.portEnv, readyPattern: command.readyPattern };
}

/**
 * The exit status of what the library rejected with: bad options and config are bad usage, a target
 * that cannot be brought up is a failed target; anything else is a bug and goes on up.
 */
function rejected(error: unknown, io: Io): ExitStatus {
  if (error instanceof TargetError) {
    printTargetError(error, io);
    return EXIT.failed;
  }
  if (error instanceof OptionsError) {
    io.err(`shutdown-check: ${error.flagMessage}`);
    return EXIT.usage;
  }
  if (error instanceof ConfigError || error instanceof ScenarioError) {
    io.err(`shutdown-check: ${error.message}`);
    return EXIT.usage;
  }
  throw error;
}

async function run(command: Settled<RunCommand>, config: Config | null, io: Io): Promise<ExitStatus> {
  const shell = shellOf(command, io);
  if (command.scenario !== undefined) return runOne(command, command.scenario, config, io, shell);
  const reporters = reportersNamed(shell.names);
  const refusal = reporters.folderRefusal(command.out);
  if (refusal !== null) {
    io.err(`shutdown-check: ${refusal}`);
    return EXIT.usage;
  }
  try {
    const report = await checkShutdown(withLoadedConfig({ ...searchOptions(command.target, command, io, shell), shard: command.shard }, config));
    shell.progress.end();
    return present(report, shell, command.out, io);
  } catch (error) {
    shell.progress.end();
    return rejected(error, io);
  }
}

/** Reads `--scenario`: inline JSON (it starts with `{`), else the path of a JSON file. */
function readScenario(given: string): Scenario | string {
  let text = given;
  if (!given.trimStart().startsWith('{')) {
    try {
      text = readFileSync(given, 'utf8');
    } catch (error) {
      return `--scenario ${given}: cannot read it (${error instanceof Error ? error.message : String(error)}); pass a JSON file or the JSON itself`;
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `--scenario: malformed JSON (${error instanceof Error ? error.message : String(error)})`;
  }
  const parsed = parseScenario(value);
  return parsed.ok ? parsed.scenario : `--scenario is not a valid scenario: ${parsed.problems.join('; ')}`;
}

/** `--scenario`: runs that one scenario and judges it; nothing is searched and no report.json written. */
async function runOne(command: Settled<RunCommand>, given: string, config: Config | null, io: Io, shell: Shell): Promise<ExitStatus> {
  const scenario = readScenario(given);
  if (typeof scenario === 'string') {
    io.err(`shutdown-check: ${scenario}`);
    return EXIT.usage;
  }
  try {
    const options = {
      ...commandFlags(command),
      config: command.config,
      clock: command.clock,
      timeScale: command.timeScale,
      keepPorts: command.keepPorts,
      startupTimeout: command.startupTimeoutMs,
      proxy: command.proxy,
      proxyDrainDelay: command.proxyDrainDelayMs,
      strict: command.strict,
      node: command.node,
    };
    const result = await runScenario(command.target, scenario, withLoadedConfig(options, config));
    for (const reporter of reportersNamed(shell.names).each) if (reporter.formatScenario) io.out(reporter.formatScenario(result, shell.style));
    return statusOf(result.verdict);
  } catch (error) {
    return rejected(error, io);
  }
}

/**
 * `compare`: the same search — same seed, same budget — against each target, then one matrix of
 * strategies × invariants, written to compare.md, compare.html and compare.json in --out, each
 * target's report.json in a folder of its own. Exit status as for one target, over all of them: 1 if any violates.
 */
async function compare(command: Settled<CompareCommand>, config: Config | null, io: Io): Promise<ExitStatus> {
  const shell = shellOf(command, io);
  const compared = reportersNamed(shell.names).each.filter((r) => r.eachCompared);
  const outcome = await compareTargets(withLoadedConfig({
    targets: command.targets,
    configs: command.configs,
    ...(command.seed !== undefined ? { seed: command.seed } : {}),
    ...(command.runs !== undefined ? { runs: command.runs } : {}),
    out: command.out,
    ...(command.config !== undefined ? { config: command.config } : {}),
    reporters: shell.names,
    ...(command.node !== undefined ? { node: command.node } : {}),
    searchOptions: (target) => searchOptions(target, command, io, shell),
    onTarget: (target) => io.out(`${printable(target)}:`),
    onReport: (report) => {
      shell.progress.end();
      for (const reporter of compared) io.out(reporter.format(report, shell.style));
    },
    onRejected: (error) => {
      shell.progress.end();
      return rejected(error, io) === EXIT.usage ? 'stop' : 'go-on';
    },
    onCompared: (text, markdown) => {
      io.out('', text);
      if (shell.names.includes('summary')) appendStepSummary(markdown, io);
    },
  }, config));
  if (outcome.kind === 'refused') {
    io.err(`shutdown-check: ${outcome.line}`);
    return EXIT.usage;
  }
  if (outcome.kind === 'stopped') return EXIT.usage;
  if (outcome.writeFailure !== null) {
    io.err(outcome.writeFailure);
    return EXIT.failed;
  }
  io.out('', `compare.md, compare.html and compare.json in ${command.out}`);
  return Math.max(EXIT.ok, ...outcome.comparison.rows.map((row) => statusOf(row.verdict))) as ExitStatus;
}

function printTargetError(error: TargetError, io: Io): void {
  io.err(`shutdown-check: ${error.message}`);
  if (error.stderrTail.length > 0) {
    io.err("  last lines of the target's stderr:");
    for (const line of error.stderrTail.slice(-10)) io.err(`  | ${printable(line)}`);
  }
}
