import { parseArgs } from 'node:util';
import { commandLine, type ClientKind, type Profile, type SignalName } from '../index.js';
import { commandWords, compareConfigs, oneConfig, positionalTarget, UsageError, usageOf, negativeValuesJoined, type Values } from './words.js';

export { negativeValuesJoined, positionalTarget, UsageError, usageOf, type Values } from './words.js';

const { parseNodeVersions, readSetting, SETTINGS } = commandLine;

/** What the command line says; a flag left out is undefined, so that the config file can supply it. */
export interface RunCommand {
  command: 'run';
  /** the Node entry file; absent when the target is a command (`--cmd`, or `cmd` in the config) */
  target?: string;
  /** any server process, run through /bin/sh -c */
  cmd?: string;
  /** the port a command target listens on */
  port?: number;
  /** the environment variable that passes a harness-chosen port to a command target */
  portEnv?: string;
  /** a command target is ready when a stdout line matches this regular expression */
  readyPattern?: string;
  config?: string;
  clock?: 'virtual' | 'real';
  /** real clock only: real ms per scenario ms */
  timeScale?: number;
  graceMs?: number;
  signal?: SignalName;
  profile?: Profile;
  clients?: ClientKind[];
  keepPorts?: boolean;
  startupTimeoutMs?: number;
  /** `--proxy nginx`: nginx in front of the target */
  proxy?: 'nginx';
  /** with --proxy: when the proxy takes the target out of rotation, in ms after the signal */
  proxyDrainDelayMs?: number;
  strict?: boolean;
  /** undefined when not given, so that the config file's `runs` or the default decides */
  runs?: number;
  seed?: number;
  path?: string;
  /** with --path: the focus times (ms after the signal) the counterexample was drawn with */
  focusMs?: number[];
  concurrency?: number;
  timeBudgetMs?: number;
  /** the longest latency (and stream length) the search draws */
  maxLatencyMs?: number;
  /** at most this many runs shrinking each violated invariant */
  shrinkRuns?: number;
  /** the longest time spent shrinking each violated invariant, in ms */
  shrinkBudgetMs?: number;
  /** the second signals the search may send ([] for none) */
  secondSignals?: SignalName[];
  /** undefined when not given: the defaults then depend on where the command runs (GitHub Actions or not) */
  reporters?: ReporterName[];
  /** `--no-color` */
  noColor?: boolean;
  out?: string;
  /** run this one scenario (a JSON file, or the JSON itself) instead of searching */
  scenario?: string;
  /** `i/n`: run that part of the search, for `merge` */
  shard?: string;
  /** the Node releases a Node entry file runs under, as given (`20,22,24`); run takes one */
  node?: string;
}

export interface ReplayCommand {
  command: 'replay';
  report: string;
  /** the violated invariant whose counterexample to replay (default: the one the report's `replay` names) */
  invariant?: string;
}

/** `compare`: the same search against each target; `targets` may name folders of strategies. */
export interface CompareCommand extends Omit<RunCommand, 'command' | 'target' | 'path' | 'focusMs' | 'scenario' | 'shard' | CommandKey> {
  command: 'compare';
  targets: string[];
  /** a target's own config file (`--config <target>=<file>`), in place of the shared one */
  configs: Record<string, string>;
}

type CommandKey = 'cmd' | 'port' | 'portEnv' | 'readyPattern';

export type Command = RunCommand | CompareCommand | ReplayCommand | { command: 'help' } | { command: 'version' };

type Mode = 'run' | 'compare' | 'load' | 'merge';

/** parseArgs's description of the flags of `mode`'s rows of the settings table, and -h and -v. */
export function flagOptions(mode: Mode): Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = {};
  for (const setting of Object.values(SETTINGS) as readonly (typeof SETTINGS)[keyof typeof SETTINGS][]) {
    if (setting.flag === null || !(setting.modes as readonly Mode[]).includes(mode)) continue;
    options[setting.flag] = { type: setting.kind.type === 'boolean' ? 'boolean' : 'string', ...('repeatable' in setting ? { multiple: true } : {}) };
  }
  return options;
}

// --config is read as a list so that compare can take one per target and run can refuse a second.
const OPTIONS = {
  ...flagOptions('run'),
  ...flagOptions('compare'),
  config: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;


type Name = keyof typeof SETTINGS;
/** A row's value once read: the table carries it in each row's type, under the row's one symbol key. */
type Read<N extends Name> = NonNullable<(typeof SETTINGS)[N][Extract<keyof (typeof SETTINGS)[N], symbol>]>;

export type ReporterName = Read<'reporter'>[number];

/** A row's flag as given (undefined when left out), read as the table says; UsageError names the flag. */
export function flag<N extends Name>(name: N, values: Values): Read<N> | undefined {
  const setting = SETTINGS[name];
  if (setting.flag === null) return undefined;
  const raw = values[setting.flag];
  // A repeatable flag's values are items of one list, each read alone and joined.
  const parts = Array.isArray(raw) ? raw : [raw];
  const read: unknown[] = [];
  for (const part of parts) {
    const one = readSetting<unknown>(setting, 'flag', part);
    if (!one.ok) throw new UsageError(one.message);
    if (one.value !== undefined) read.push(one.value);
  }
  if (read.length === 0) return undefined;
  // readSetting gave each part the row's type; a repeatable row's parts are lists, joined as one.
  return (Array.isArray(raw) ? read.flat() : read[0]) as Read<N>;
}

/** A focus time: a duration that may be zero (a focus time at the very moment of the signal). */
function focusTime(value: string): number {
  const read = readSetting<number>({ flag: 'focus', key: null, option: null, kind: { type: 'duration', min: 0 } }, 'flag', value);
  if (!read.ok || read.value === undefined) throw new UsageError(`--focus ${value} is not a duration; use the list printed with the counterexample, e.g. 1000ms,29000ms`);
  return read.value;
}

/** Parses the command line; throws UsageError with one line that names the bad flag and what it accepts. */
export function parseCommand(argv: string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({ args: negativeValuesJoined(argv, OPTIONS), options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw usageOf(error, OPTIONS, undefined, argv);
  }
  const { positionals } = parsed;
  const values = parsed.values as Values;
  const text = (name: string): string | undefined => (typeof values[name] === 'string' ? values[name] : undefined);
  if (values.help) return { command: 'help' };
  if (values.version) return { command: 'version' };
  const [verb, ...rest] = commandWords(positionals, values.target !== undefined);
  const nodeVersions = nodeVersionsOf(text('node'));
  if (verb === 'replay') {
    const [report, invariant, ...more] = rest;
    if (report === undefined || more.length > 0) {
      throw new UsageError('replay takes the report.json of a run, and optionally the violated invariant whose counterexample to replay');
    }
    return { command: 'replay', report, ...(invariant !== undefined ? { invariant } : {}) };
  }
  if (verb === 'load') throw new UsageError('load comes first: shutdown-check load <file> [options]');
  if (verb === 'merge') throw new UsageError('merge comes first: shutdown-check merge <dirs...> [--out <dir>] [--reporter <name>]');
  if (verb === 'compare') {
    if (rest.length === 0) throw new UsageError('compare takes the targets to compare: files, or a folder of them');
    if (text('target') !== undefined) throw new UsageError('compare takes its targets as arguments, not --target');
    if (text('path') !== undefined) throw new UsageError('--path replays one target: use it with run, not compare');
    if (text('focus') !== undefined) throw new UsageError('--focus replays one target: use it with run, not compare');
    if (text('scenario') !== undefined) throw new UsageError('--scenario runs against one target: use it with run, not compare');
    if (text('shard') !== undefined) throw new UsageError('--shard cuts one target\'s search: use it with run, not compare');
    for (const flag of ['cmd', 'port', 'port-env', 'ready-pattern'] as const) {
      if (values[flag] !== undefined) throw new UsageError(`compare takes Node entry files; --${flag} is for run`);
    }
    // One target under several Node releases: the matrix's rows are the releases, so there is one target.
    if (text('node') !== undefined && rest.length > 1) {
      throw new UsageError(`compare --node runs one target under each Node version; give one target, not ${rest.length} (${rest.join(', ')})`);
    }
    const { shared, own } = compareConfigs(values);
    return { ...searchOptions(values), ...(shared !== undefined ? { config: shared } : {}), command: 'compare', targets: rest, configs: own };
  }
  const target = positionalTarget(rest, flag('target', values));
  if (target !== undefined && text('cmd') !== undefined) {
    throw new UsageError('--target and --cmd both name the server; give one: --target for a Node entry file, --cmd for any command');
  }
  if (nodeVersions !== null && text('cmd') !== undefined) {
    throw new UsageError('--node picks the Node that runs a Node entry file; a --cmd target starts its own program (leave --node out)');
  }
  if (nodeVersions !== null && nodeVersions > 1) {
    throw new UsageError(`--node ${text('node')}: run takes one Node version; compare <file> --node ${text('node')} runs one search per version`);
  }
  // --path without --seed is left to the library, which knows whether the config file gives the seed.
  const replayPath = text('path');
  if (replayPath !== undefined && !/^\d+(:\d+)*$/.test(replayPath)) {
    throw new UsageError(`--path ${replayPath} is not a replay path; use the one printed with the failure, e.g. 3:0:1`);
  }
  if (text('focus') !== undefined && text('path') === undefined) {
    throw new UsageError('--focus replays a counterexample: give it with the --seed and --path printed beside it');
  }
  const focusMs = text('focus')?.split(',').map((part: string) => focusTime(part.trim()));
  if (text('scenario') !== undefined) {
    // The scenario carries its own clients, signal, grace period and profile, and runs once.
    const searching = (['seed', 'path', 'focus', 'runs', 'concurrency', 'time-budget', 'grace', 'signal', 'profile', 'clients', 'max-latency', 'second-signals', 'shrink-runs', 'shrink-budget', 'shard'] as const).find(
      (flag) => values[flag] !== undefined,
    );
    if (searching) throw new UsageError(`--${searching} does not go with --scenario, which runs the one scenario it is given as it is`);
  }
  const config = oneConfig(values);
  return {
    ...searchOptions(values),
    ...(config !== undefined ? { config } : {}),
    command: 'run',
    ...(target !== undefined ? { target } : {}),
    ...(text('path') !== undefined ? { path: text('path') } : {}),
    ...(focusMs !== undefined ? { focusMs } : {}),
    ...(text('scenario') !== undefined ? { scenario: text('scenario') } : {}),
    ...(flag('shard', values) !== undefined ? { shard: flag('shard', values) } : {}),
    ...commandOptions(values),
  };
}

/** How many versions `--node` names (null: not given), read before anything is fetched; UsageError when one is no version. */
function nodeVersionsOf(list: string | undefined): number | null {
  if (list === undefined) return null;
  const read = parseNodeVersions(list);
  if (!read.ok) throw new UsageError(read.message);
  return read.specs.length;
}

/** `--cmd` and what goes with it; checked here as far as the flags alone allow. */
function commandOptions(values: Values): Pick<RunCommand, CommandKey> {
  const options: Pick<RunCommand, CommandKey> = {};
  const set = <K extends CommandKey>(key: K, value: RunCommand[K] | undefined): void => {
    if (value !== undefined) options[key] = value;
  };
  set('cmd', flag('cmd', values));
  set('port', flag('port', values));
  set('portEnv', flag('portEnv', values));
  set('readyPattern', flag('readyPattern', values));
  return options;
}

type SearchOptions = Omit<RunCommand, 'command' | 'target' | 'path' | 'focusMs' | 'scenario' | 'shard' | CommandKey>;

/** The options `run` and `compare` share. */
function searchOptions(values: Values): SearchOptions {
  // Left undefined when not given, so that the config file, then the default, decides.
  const options: SearchOptions = {};
  const set = <K extends keyof SearchOptions>(key: K, value: SearchOptions[K] | undefined): void => {
    if (value !== undefined) options[key] = value;
  };
  set('strict', flag('strict', values));
  set('concurrency', flag('concurrency', values));
  set('noColor', flag('noColor', values));
  set('out', flag('out', values));
  set('clock', flag('clock', values));
  set('timeScale', flag('timeScale', values));
  set('graceMs', flag('grace', values));
  set('signal', flag('signal', values));
  set('profile', flag('profile', values));
  set('clients', flag('clients', values));
  set('keepPorts', flag('keepPorts', values));
  set('startupTimeoutMs', flag('startupTimeout', values));
  set('proxy', flag('proxy', values));
  set('proxyDrainDelayMs', flag('proxyDrainDelay', values));
  set('runs', flag('runs', values));
  set('seed', flag('seed', values));
  set('timeBudgetMs', flag('timeBudget', values));
  set('maxLatencyMs', flag('maxLatency', values));
  set('shrinkRuns', flag('shrinkRuns', values));
  set('shrinkBudgetMs', flag('shrinkBudget', values));
  set('secondSignals', flag('secondSignals', values));
  set('reporters', flag('reporter', values));
  set('node', flag('node', values));
  return options;
}
