import { parseArgs } from 'node:util';
import { parseDuration } from '../config/duration.js';
import { regexProblem } from '../config/validate.js';
import { CLIENT_KINDS, PROFILES, SIGNALS, type ClientKind, type Profile, type SignalName } from '../scenario/types.js';

export class UsageError extends Error {}

export const REPORTERS = ['pretty', 'json', 'junit', 'html', 'github'] as const;
export type ReporterName = (typeof REPORTERS)[number];

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
  runs: number;
  seed?: number;
  path?: string;
  /** with --path: the focus times (ms after the signal) the counterexample was drawn with */
  focusMs?: number[];
  /** with --path, for a scenario racing the signal: the invariant to replay it for */
  reproduce?: string;
  concurrency: number;
  timeBudgetMs?: number;
  /** the longest latency (and stream length) the search draws */
  maxLatencyMs?: number;
  /** at most this many runs shrinking each violated invariant */
  shrinkRuns?: number;
  /** the second signals the search may send ([] for none) */
  secondSignals?: SignalName[];
  reporters: ReporterName[];
  out: string;
  /** run this one scenario (a JSON file, or the JSON itself) instead of searching */
  scenario?: string;
}

export interface ReplayCommand {
  command: 'replay';
  report: string;
  /** the violated invariant whose counterexample to replay (default: the one the report's `replay` names) */
  invariant?: string;
}

/** `compare`: the same search against each target; `targets` may name folders of strategies. */
export interface CompareCommand extends Omit<RunCommand, 'command' | 'target' | 'path' | 'focusMs' | 'reproduce' | 'scenario' | CommandKey> {
  command: 'compare';
  targets: string[];
}

type CommandKey = 'cmd' | 'port' | 'portEnv' | 'readyPattern';

export type Command = RunCommand | CompareCommand | ReplayCommand | { command: 'help' } | { command: 'version' };

const OPTIONS = {
  target: { type: 'string' },
  cmd: { type: 'string' },
  port: { type: 'string' },
  'port-env': { type: 'string' },
  'ready-pattern': { type: 'string' },
  config: { type: 'string' },
  clock: { type: 'string' },
  'time-scale': { type: 'string' },
  grace: { type: 'string' },
  signal: { type: 'string' },
  profile: { type: 'string' },
  clients: { type: 'string' },
  'keep-ports': { type: 'boolean' },
  'startup-timeout': { type: 'string' },
  strict: { type: 'boolean' },
  runs: { type: 'string' },
  seed: { type: 'string' },
  path: { type: 'string' },
  focus: { type: 'string' },
  reproduce: { type: 'string' },
  scenario: { type: 'string' },
  concurrency: { type: 'string' },
  'time-budget': { type: 'string' },
  'max-latency': { type: 'string' },
  'shrink-runs': { type: 'string' },
  'second-signals': { type: 'string' },
  reporter: { type: 'string', multiple: true },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

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

export function duration(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (/^-\.?\d/.test(value)) throw new UsageError(`--${flag} ${value} is negative; give a duration above 0, e.g. 30s, 500ms or 2m`);
  const ms = parseDuration(value);
  if (ms === null || ms <= 0) throw new UsageError(`--${flag} ${value} is not a duration; use e.g. 30s, 500ms or 2m`);
  return ms;
}

/** A duration that may be zero (a focus time at the very moment of the signal). */
function durationOrZero(flag: string, value: string): number {
  const ms = parseDuration(value);
  if (ms === null || ms < 0) throw new UsageError(`--${flag} ${value} is not a duration; use the list printed with the counterexample, e.g. 1000ms,29000ms`);
  return ms;
}

export function integer(flag: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value) || Number(value) < min) {
    throw new UsageError(`--${flag} ${value} is not a whole number of at least ${min}`);
  }
  return Number(value);
}

function positive(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d*\.?\d+$/.test(value) || !(n > 0)) throw new UsageError(`--${flag} ${value} is not a positive number; use e.g. 0.25`);
  return n;
}

export function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${flag} ${value} is not accepted; use one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/** Parses the command line; throws UsageError with one line that names the bad flag and what it accepts. */
export function parseCommand(argv: string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({ args: negativeValuesJoined(argv, OPTIONS), options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw usageOf(error, OPTIONS);
  }
  const { values, positionals } = parsed;
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
  if (verb !== undefined && verb !== 'run' && verb !== 'compare') {
    throw new UsageError(`unknown command '${verb}'; the commands are run, compare, replay and load`);
  }
  if (verb === 'compare') {
    if (rest.length === 0) throw new UsageError('compare takes the targets to compare: files, or a folder of them');
    if (values.target !== undefined) throw new UsageError('compare takes its targets as arguments, not --target');
    if (values.path !== undefined) throw new UsageError('--path replays one target: use it with run, not compare');
    if (values.focus !== undefined) throw new UsageError('--focus replays one target: use it with run, not compare');
    if (values.reproduce !== undefined) throw new UsageError('--reproduce replays one target: use it with run, not compare');
    if (values.scenario !== undefined) throw new UsageError('--scenario runs against one target: use it with run, not compare');
    for (const flag of ['cmd', 'port', 'port-env', 'ready-pattern'] as const) {
      if (values[flag] !== undefined) throw new UsageError(`compare takes Node entry files; --${flag} is for run`);
    }
    return { ...searchOptions(values), command: 'compare', targets: rest };
  }
  if (rest.length > 0) throw new UsageError(`unexpected argument '${rest[0]}'; see shutdown-check --help`);
  if (values.target !== undefined && values.cmd !== undefined) {
    throw new UsageError('--target and --cmd both name the server; give one: --target for a Node entry file, --cmd for any command');
  }
  if (values.path !== undefined && values.seed === undefined) {
    throw new UsageError('--path needs the --seed it was printed with');
  }
  if (values.path !== undefined && !/^\d+(:\d+)*$/.test(values.path)) {
    throw new UsageError(`--path ${values.path} is not a replay path; use the one printed with the failure, e.g. 3:0:1`);
  }
  if (values.focus !== undefined && values.path === undefined) {
    throw new UsageError('--focus replays a counterexample: give it with the --seed and --path printed beside it');
  }
  const focusMs = values.focus?.split(',').map((part) => durationOrZero('focus', part.trim()));
  if (values.reproduce !== undefined && values.path === undefined) {
    throw new UsageError('--reproduce replays a counterexample: give it with the --seed and --path printed beside it');
  }
  if (values.scenario !== undefined) {
    // The scenario carries its own clients, signal, grace period and profile, and runs once.
    const searching = (['seed', 'path', 'focus', 'reproduce', 'runs', 'concurrency', 'time-budget', 'grace', 'signal', 'profile', 'clients', 'max-latency', 'second-signals', 'shrink-runs'] as const).find(
      (flag) => values[flag] !== undefined,
    );
    if (searching) throw new UsageError(`--${searching} does not go with --scenario, which runs the one scenario it is given as it is`);
  }
  return {
    ...searchOptions(values),
    command: 'run',
    ...(values.target !== undefined ? { target: values.target } : {}),
    ...(values.path !== undefined ? { path: values.path } : {}),
    ...(focusMs !== undefined ? { focusMs } : {}),
    ...(values.reproduce !== undefined ? { reproduce: values.reproduce } : {}),
    ...(values.scenario !== undefined ? { scenario: values.scenario } : {}),
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
  if (values.cmd !== undefined) {
    if (values.cmd.trim() === '') throw new UsageError('--cmd is empty; give the command that starts your server, e.g. --cmd "./server"');
    options.cmd = values.cmd;
  }
  const port = integer('port', values.port, 1);
  if (port !== undefined) {
    if (port > 65535) throw new UsageError(`--port ${port} is not a TCP port; use 1 to 65535`);
    options.port = port;
  }
  const portEnv = values['port-env'];
  if (portEnv !== undefined) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(portEnv)) {
      throw new UsageError(`--port-env ${portEnv} is not an environment variable name; use e.g. PORT`);
    }
    options.portEnv = portEnv;
  }
  const pattern = values['ready-pattern'];
  if (pattern !== undefined) {
    const problem = regexProblem(pattern);
    if (problem !== null) throw new UsageError(`--ready-pattern ${pattern} is not a regular expression (${problem}); use e.g. 'listening on'`);
    options.readyPattern = pattern;
  }
  return options;
}

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>['values'];

/** The options `run` and `compare` share. */
function searchOptions(values: Values): Omit<RunCommand, 'command' | 'target' | 'path' | 'focusMs' | 'reproduce' | 'scenario' | CommandKey> {
  const clients = values.clients?.split(',').map((kind) => kind.trim());
  for (const kind of clients ?? []) oneOf('clients', kind, CLIENT_KINDS);
  const options: Omit<RunCommand, 'command' | 'target' | 'path' | 'focusMs' | 'reproduce' | 'scenario' | CommandKey> = {
    strict: values.strict ?? false,
    runs: integer('runs', values.runs, 1) ?? 100,
    concurrency: integer('concurrency', values.concurrency, 1) ?? 1,
    reporters: (values.reporter ?? ['pretty']).map((name) => oneOf('reporter', name, REPORTERS) ?? 'pretty'),
    out: values.out ?? 'reports',
  };
  const set = <K extends keyof typeof options>(key: K, value: (typeof options)[K] | undefined): void => {
    if (value !== undefined) options[key] = value;
  };
  set('config', values.config);
  set('clock', oneOf('clock', values.clock, ['virtual', 'real'] as const));
  set('timeScale', positive('time-scale', values['time-scale']));
  set('graceMs', duration('grace', values.grace));
  set('signal', oneOf('signal', values.signal, SIGNALS));
  set('profile', oneOf('profile', values.profile, PROFILES));
  set('clients', clients as ClientKind[] | undefined);
  set('keepPorts', values['keep-ports']);
  set('startupTimeoutMs', duration('startup-timeout', values['startup-timeout']));
  set('seed', integer('seed', values.seed, -(2 ** 31)));
  set('timeBudgetMs', duration('time-budget', values['time-budget']));
  set('maxLatencyMs', duration('max-latency', values['max-latency']));
  set('shrinkRuns', integer('shrink-runs', values['shrink-runs'], 0));
  const seconds = values['second-signals'];
  if (seconds !== undefined) {
    options.secondSignals = seconds.trim() === 'none' ? [] : seconds.split(',').map((name) => oneOf('second-signals', name.trim(), SIGNALS) ?? 'SIGTERM');
  }
  return options;
}
