import { parseArgs } from 'node:util';
import { readSetting, SETTINGS, type ClientKind, type Profile, type SignalName } from '../index.js';

export class UsageError extends Error {}


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
  strict: boolean;
  /** undefined when not given, so that the config file's `runs` or the default decides */
  runs?: number;
  seed?: number;
  path?: string;
  /** with --path: the focus times (ms after the signal) the counterexample was drawn with */
  focusMs?: number[];
  concurrency: number;
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
  noColor: boolean;
  out: string;
  /** run this one scenario (a JSON file, or the JSON itself) instead of searching */
  scenario?: string;
  /** `i/n`: run that part of the search, for `merge` */
  shard?: string;
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

const OPTIONS = { ...flagOptions('run'), ...flagOptions('compare'), help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' } } as const;

/** The flags as parseArgs gives them: text, true for a boolean flag, a list for a repeatable one. */
export type Values = Record<string, string | boolean | string[] | undefined>;

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

/**
 * Joins a flag that takes a value to a following negative number (`--seed -3` → `--seed=-3`).
 * parseArgs reads any argument that starts with a dash as an option, and so `--runs -1` as a flag
 * missing its value; but no option of this command line starts with a dash and a digit, so such an
 * argument is a value — valid (a negative seed) or refused as the number it is (`--runs -1`). Nothing
 * after `--` is touched.
 */
export function negativeValuesJoined(argv: readonly string[], options: Readonly<Record<string, { type: 'string' | 'boolean' }>>): string[] {
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      joined.push(...argv.slice(i));
      break;
    }
    const next = argv[i + 1];
    const takesValue = arg.startsWith('--') && options[arg.slice(2)]?.type === 'string';
    if (takesValue && next !== undefined && /^-\.?\d/.test(next)) {
      joined.push(`${arg}=${next}`);
      i++;
    } else {
      joined.push(arg);
    }
  }
  return joined;
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
    throw usageOf(error, OPTIONS);
  }
  const { positionals } = parsed;
  const values = parsed.values as Values;
  const text = (name: string): string | undefined => (typeof values[name] === 'string' ? values[name] : undefined);
  if (values.help) return { command: 'help' };
  if (values.version) return { command: 'version' };
  const [verb, ...rest] = positionals;
  if (verb === 'replay') {
    const [report, invariant, ...more] = rest;
    if (report === undefined || more.length > 0) {
      throw new UsageError('replay takes the report.json of a run, and optionally the violated invariant whose counterexample to replay');
    }
    return { command: 'replay', report, ...(invariant !== undefined ? { invariant } : {}) };
  }
  if (verb === 'load') throw new UsageError('load comes first: shutdown-check load --target <file> [options]');
  if (verb === 'merge') throw new UsageError('merge comes first: shutdown-check merge <dirs...> [--out <dir>] [--reporter <name>]');
  if (verb !== undefined && verb !== 'run' && verb !== 'compare') {
    throw new UsageError(`unknown command '${verb}'; the commands are run, compare, replay, load and merge`);
  }
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
    return { ...searchOptions(values), command: 'compare', targets: rest };
  }
  if (rest.length > 0) throw new UsageError(`unexpected argument '${rest[0]}'; see shutdown-check --help`);
  if (text('target') !== undefined && text('cmd') !== undefined) {
    throw new UsageError('--target and --cmd both name the server; give one: --target for a Node entry file, --cmd for any command');
  }
  if (text('path') !== undefined && text('seed') === undefined) {
    throw new UsageError('--path needs the --seed it was printed with');
  }
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
  return {
    ...searchOptions(values),
    command: 'run',
    ...(text('target') !== undefined ? { target: text('target') } : {}),
    ...(text('path') !== undefined ? { path: text('path') } : {}),
    ...(focusMs !== undefined ? { focusMs } : {}),
    ...(text('scenario') !== undefined ? { scenario: text('scenario') } : {}),
    ...(flag('shard', values) !== undefined ? { shard: flag('shard', values) } : {}),
    ...commandOptions(values),
  };
}

/** parseArgs's error as one line naming the flag and what to do; `options` are the flags accepted. */
export function usageOf(error: unknown, options: object, help = 'shutdown-check --help'): UsageError {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /Unknown option '([^']+)'/.exec(message);
  if (unknown) {
    const known = Object.keys(options).map((name) => `--${name}`);
    return new UsageError(`unknown option ${unknown[1]}; the options are ${known.join(', ')}`);
  }
  const ambiguous = /Option '([^']+)' argument is ambiguous/.exec(message);
  if (ambiguous) {
    return new UsageError(`${ambiguous[1]} needs a value; for one that starts with a dash write ${ambiguous[1]}=<value>`);
  }
  // parseArgs's other messages name the flag too (a missing value, say); keep their first sentence.
  const first = message.split('\n')[0]?.replace(/\.$/, '') ?? message;
  return new UsageError(`${first}; see ${help}`);
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
  const options: SearchOptions = {
    strict: flag('strict', values) ?? false,
    concurrency: flag('concurrency', values) ?? SETTINGS.concurrency.default,
    noColor: flag('noColor', values) ?? false,
    out: flag('out', values) ?? SETTINGS.out.default,
  };
  const set = <K extends keyof SearchOptions>(key: K, value: SearchOptions[K] | undefined): void => {
    if (value !== undefined) options[key] = value;
  };
  set('config', flag('config', values));
  set('clock', flag('clock', values));
  set('timeScale', flag('timeScale', values));
  set('graceMs', flag('grace', values));
  set('signal', flag('signal', values));
  set('profile', flag('profile', values));
  set('clients', flag('clients', values));
  set('keepPorts', flag('keepPorts', values));
  set('startupTimeoutMs', flag('startupTimeout', values));
  set('runs', flag('runs', values));
  set('seed', flag('seed', values));
  set('timeBudgetMs', flag('timeBudget', values));
  set('maxLatencyMs', flag('maxLatency', values));
  set('shrinkRuns', flag('shrinkRuns', values));
  set('shrinkBudgetMs', flag('shrinkBudget', values));
  set('secondSignals', flag('secondSignals', values));
  set('reporters', flag('reporter', values));
  return options;
}
