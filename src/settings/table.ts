/**
 * Every setting of shutdown-check, one row each: its flag, its config-file key, its library option,
 * the kind of value it takes, its default and its help line. The argument parsers, the config
 * validator, the library's option checks, `--help` and the replay command all read this table, so a
 * setting has the same name and the same meaning wherever it is given.
 *
 * A duration is written with its unit — `30s`, `500ms`, `2m` — as a flag and as a config key; a bare
 * number there is refused (0 aside), since `--grace 30` reads as naturally as 30 s as it does 30 ms. A
 * library option may also be a number, which is milliseconds: the option's type and docs say so.
 * A row with a `key` may be given in a config file under that name (flag > config > default); the
 * rows without one are of one invocation only (`--config` itself, a replay's `--path`, `--scenario`).
 */
import { CLIENT_KINDS, DEFAULT_GRACE_MS, PROFILES, SIGNALS, type ClientKind, type Profile, type SignalName } from '../scenario/types.js';
import { DEFAULT_STARTUP_TIMEOUT_MS, type ClockMode } from '../target/launch.js';
import { regexProblem } from './regex.js';
import { shardProblem } from '../run/shard.js';
import { REPORTERS as REPORTER_DEFINITIONS, type ReporterName } from '../report/reporters.js';
import { LOAD_DEFAULTS } from '../load/settings.js';
import type { Kind, Named } from './kinds.js';

/** The commands a setting belongs to; `replay` takes what `run` takes. */
export type Mode = 'run' | 'compare' | 'load' | 'merge';

/** One row of the table. `V` is the value once read: durations in ms, lists as arrays. */
export interface Setting<V> extends Named<V> {
  /** what follows the flag in `--help` (`<duration>`); none for a boolean flag */
  arg?: string;
  /** the unit of the value once read */
  unit?: 'ms' | 'runs' | 'ms per scenario ms' | 'per second';
  /** what a setting given nowhere is; undefined when something else decides (say, what the target serves) */
  default?: V;
  /** `--help`'s description, one line per element */
  help: readonly string[];
  /** `load --help`'s, where load mode words it otherwise */
  loadHelp?: readonly string[];
  /** `merge --help`'s, where merge words it otherwise */
  mergeHelp?: readonly string[];
  modes: readonly Mode[];
  /** the flag may be given more than once (each value is one item of the list) */
  repeatable?: boolean;
}

/** Types a row by its value, keeping which of its fields it gives (a default, say) in its type. */
function row<V>(): <S extends Setting<V>>(setting: S) => S & Typed<V> {
  return (setting) => setting;
}

declare const VALUE: unique symbol;
/** A row's value type, carried in its type only. */
export interface Typed<V> {
  readonly [VALUE]?: V;
}

const SEARCH: readonly Mode[] = ['run', 'compare'];
const EVERY: readonly Mode[] = ['run', 'compare', 'load'];
const duration = (min: 0 | 1 = 1): Kind => ({ type: 'duration', min });
const text = (what: string, example: string): Kind => ({ type: 'text', what, example });

/** RFC 9110 has no say here: a POSIX shell variable name, which is what a command can read. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `--reporter`'s values: the reporter registry's names, so a new reporter is one line there. */
export const REPORTERS: readonly ReporterName[] = REPORTER_DEFINITIONS.map((r) => r.name);
export type { ReporterName };
export const LOAD_REPORTERS = ['pretty', 'json'] as const;

/** Every setting, one row each: its flag, config key, library option, kind, unit, default, check and help line. */
export const SETTINGS = {
  target: row<string>()({ flag: 'target', key: 'target', option: 'target', kind: text("the server's entry file", './server.js'), arg: '<file>', help: ["the server's entry file (a Node program that listens)"], modes: ['run', 'load'] }),
  connections: row<number>()({
    flag: 'connections', key: 'connections', option: 'connections', kind: { type: 'integer', min: 1 }, default: LOAD_DEFAULTS.connections, arg: '<n>', modes: ['load'],
    help: [`connections held open, HTTP and WebSocket (default ${LOAD_DEFAULTS.connections})`],
  }),
  rate: row<number>()({
    flag: 'rate', key: 'rate', option: 'rate', kind: { type: 'integer', min: 1 }, unit: 'per second', default: LOAD_DEFAULTS.ratePerSec, arg: '<n>', modes: ['load'],
    help: [`sends per second, requests and WebSocket messages (default ${LOAD_DEFAULTS.ratePerSec})`],
  }),
  duration: row<number>()({
    flag: 'duration', key: 'duration', option: 'duration', kind: duration(), unit: 'ms', default: LOAD_DEFAULTS.durationMs, arg: '<duration>', modes: ['load'],
    help: [`how long the load runs (default ${LOAD_DEFAULTS.durationMs / 1000}s); it goes on while the target drains`],
  }),
  signalAt: row<number>()({ flag: 'signal-at', key: 'signalAt', option: 'signalAt', kind: duration(), unit: 'ms', arg: '<duration>', modes: ['load'], help: ['when the signal goes (default: half the duration)'] }),
  mix: row<string>()({
    flag: 'mix', key: 'mix', option: 'mix', kind: text('a mix', 'keep-alive=70,slow=30'), arg: '<kind=weight,...>', modes: ['load'],
    help: ['connection shares of keep-alive, slow, stream, websocket (default', 'keep-alive=70,slow=10,stream=10,websocket=10; no websocket without an endpoint)'],
  }),
  cmd: row<string>()({
    flag: 'cmd', key: 'cmd', option: 'cmd', kind: text('the command that starts your server', './server'), arg: '"<command>"', modes: ['run'],
    help: ['instead of --target: any server, in any language, run with', '/bin/sh -c in its own process group; no agent, real clock only'],
  }),
  port: row<number>()({
    flag: 'port', key: 'port', option: 'port', kind: { type: 'integer', min: 1, max: 65535, outOfRange: 'is not a TCP port; use an integer from 1 to 65535' },
    arg: '<n>', help: ['--cmd: the port the command listens on'], modes: ['run'],
  }),
  portEnv: row<string>()({
    flag: 'port-env', key: 'portEnv', option: 'portEnv', kind: text('the name of an environment variable', 'PORT'), arg: '<NAME>', modes: ['run'],
    check: (name) => (ENV_NAME.test(name) ? null : 'is not an environment variable name; use e.g. "PORT"'),
    help: ['--cmd: the harness picks a free port and passes it in $NAME'],
  }),
  readyPattern: row<string>()({
    flag: 'ready-pattern', key: 'readyPattern', option: 'readyPattern', kind: text('a regular expression', 'listening on'), arg: '<regex>', modes: ['run'],
    check: (pattern) => {
      const problem = regexProblem(pattern);
      return problem === null ? null : `is not a regular expression (${problem})`;
    },
    help: ['--cmd: ready when a stdout line matches (default: when the port', 'accepts a TCP connection)'],
  }),
  runs: row<number>()({ flag: 'runs', key: 'runs', option: 'runs', kind: { type: 'integer', min: 1 }, unit: 'runs', default: 100, arg: '<n>', help: ['property runs: scenarios tried (default 100)'], modes: SEARCH }),
  seed: row<number>()({
    flag: 'seed', key: 'seed', option: 'seed', kind: { type: 'integer', min: -(2 ** 31) }, arg: '<n>', modes: SEARCH,
    help: ["the search's seed (default: a random one, printed in the report)"],
  }),
  path: row<string>()({ flag: 'path', key: null, option: 'path', kind: text('a replay path', '3:0:1'), arg: '<p>', help: ['replay a failure, with its seed (--seed, or seed in the config', 'file); both are printed with it'], modes: ['run'] }),
  focus: row<string>()({ flag: 'focus', key: null, option: 'focus', kind: text('focus times', '1000ms'), arg: '<list>', help: ['with --path: the focus times printed with the counterexample'], modes: ['run'] }),
  scenario: row<string>()({
    flag: 'scenario', key: null, option: null, kind: text('a scenario', 'scenario.json'), arg: '<json|file>', modes: ['run'],
    help: ['run this one scenario and judge it, no search (a failing', 'runScenario() test prints the command)'],
  }),
  clock: row<ClockMode>()({
    flag: 'clock', key: 'clock', option: 'clock', kind: { type: 'choice', values: ['virtual', 'real'], what: 'a clock' }, default: 'virtual', arg: 'virtual|real', modes: SEARCH,
    help: ["virtual (default for --target): the harness owns the target's", 'timers, so a 30 s drain costs milliseconds; real (the only one for', '--cmd): nothing is faked'],
  }),
  timeScale: row<number>()({
    flag: 'time-scale', key: 'timeScale', option: 'timeScale', kind: { type: 'positive' }, unit: 'ms per scenario ms', default: 1, arg: '<k>', modes: SEARCH,
    help: ['real clock only: play the scenario at k real ms per scenario ms', "(0.25 runs a 30 s grace in 7.5 s); the agent scales the target's own", "timers alike, and a --cmd target gets its routes' {ms} and {every}", 'scaled (default 1)'],
  }),
  grace: row<number>()({
    flag: 'grace', key: 'grace', option: 'grace', kind: duration(), unit: 'ms', default: DEFAULT_GRACE_MS, arg: '<duration>', modes: EVERY,
    help: ['from the signal to the SIGKILL (default 30s; give the unit: ms, s or m)'],
  }),
  signal: row<SignalName>()({
    flag: 'signal', key: 'signal', option: 'signal', kind: { type: 'choice', values: SIGNALS, what: 'a supported signal' }, default: 'SIGTERM', arg: '<name>', modes: EVERY,
    help: ['SIGTERM (default), SIGINT, SIGHUP, SIGQUIT, SIGUSR1 or SIGUSR2'],
  }),
  clients: row<ClientKind[]>()({
    flag: 'clients', key: 'clients', option: 'clients', kind: { type: 'list', values: CLIENT_KINDS, what: 'the client kinds', empty: false }, arg: '<kinds>', modes: SEARCH,
    help: ['comma list of keep-alive, slow, stream, websocket, silent, raw, late,', 'http, https, h2 (default: every kind the target supports)'],
  }),
  profile: row<Profile>()({
    flag: 'profile', key: 'profile', option: 'profile', kind: { type: 'choice', values: PROFILES, what: 'a profile' }, default: 'immediate', arg: '<name>', modes: SEARCH,
    help: ['immediate (default) or kubernetes'],
  }),
  drainDelay: row<number>()({ flag: null, key: 'drainDelay', option: null, kind: duration(0), unit: 'ms', help: ['kubernetes profile: how long the target keeps serving while its readiness fails'], modes: EVERY }),
  strict: row<boolean>()({
    flag: 'strict', key: 'strict', option: 'strict', kind: { type: 'boolean' }, default: false, modes: EVERY,
    help: ['warnings fail the run too'], loadHelp: ['warnings (keepalive-race, drain-connection-close) fail the run too'],
  }),
  config: row<string>()({
    flag: 'config', key: null, option: 'config', kind: text('a config file', 'shutdown-check.config.json'), arg: '<file>', modes: [...EVERY, 'merge'],
    help: ['default: shutdown-check.config.{js,mjs,json,ts} in the working directory', "(.ts with the project's tsx); compare: also <target>=<file>, repeatable"],
    mergeHelp: ['the config file whose reporter, noColor and out apply (default:', 'shutdown-check.config.{js,mjs,json,ts} in the working directory)'],
    loadHelp: ['routes, exit codes, close codes and any option here in camelCase', '(as for run)'],
  }),
  reporter: row<ReporterName[]>()({
    flag: 'reporter', key: 'reporter', option: null, kind: { type: 'list', values: REPORTERS, what: 'the reporters', empty: false }, default: ['pretty'], arg: '<name>', repeatable: true, modes: [...SEARCH, 'merge'],
    help: [
      'repeatable; pretty (default): the verdicts and the counterexample;',
      'json: report.json on stdout; junit: <out>/junit.xml; html:',
      '<out>/report.html, one self-contained page; github: GitHub',
      'Actions annotations on stdout; summary: <out>/summary.md, also',
      "appended to $GITHUB_STEP_SUMMARY. Default under GitHub Actions",
      '(GITHUB_ACTIONS=true): pretty, github and summary',
    ],
  }),
  noColor: row<boolean>()({
    flag: 'no-color', key: 'noColor', option: null, kind: { type: 'boolean' }, default: false, modes: [...EVERY, 'merge'],
    help: ['no colour (as NO_COLOR=1 does); default: colour on a terminal,', 'or wherever FORCE_COLOR=1 is set'],
  }),
  loadReporter: row<(typeof LOAD_REPORTERS)[number][]>()({
    flag: 'reporter', key: null, option: null, kind: { type: 'list', values: LOAD_REPORTERS, what: 'the reporters', empty: false }, default: ['pretty'], arg: '<name>', repeatable: true, modes: ['load'],
    help: ['pretty (default), json (load.json on stdout); repeatable'],
  }),
  out: row<string>()({
    flag: 'out', key: 'out', option: 'out', kind: text('a folder', 'reports'), default: 'reports', arg: '<dir>', modes: [...EVERY, 'merge'],
    help: ["where report.json and the reporters' files go (default reports/)"], loadHelp: ['where load.json and load.html go (default reports/)'],
  }),
  concurrency: row<number>()({
    flag: 'concurrency', key: 'concurrency', option: 'concurrency', kind: { type: 'integer', min: 1 }, default: 1, arg: '<n>', modes: SEARCH,
    help: ['independent searches at once, each with its own seed (default 1)'],
  }),
  shard: row<string>()({
    flag: 'shard', key: null, option: 'shard', kind: text('a shard', '1/4'), arg: '<i/n>', modes: ['run'], check: shardProblem,
    help: ['run part i of n of the search (needs --seed) and write', '<out>/blob.json; `merge` joins the parts into the search\'s report'],
  }),
  timeBudget: row<number>()({
    flag: 'time-budget', key: 'timeBudget', option: 'timeBudget', kind: duration(), unit: 'ms', arg: '<duration>', modes: SEARCH,
    help: ['stop searching after this long; the runs done so far count'],
  }),
  maxLatency: row<number>()({
    flag: 'max-latency', key: 'maxLatency', option: 'maxLatency', kind: duration(), unit: 'ms', arg: '<duration>', modes: SEARCH,
    help: ['the longest latency (and stream length) the search draws, for apps', 'whose requests are short (default 1.5 × the grace period)'],
  }),
  shrinkRuns: row<number>()({
    flag: 'shrink-runs', key: 'shrinkRuns', option: 'shrinkRuns', kind: { type: 'integer', min: 0 }, unit: 'runs', arg: '<n>', modes: SEARCH,
    help: ['at most this many runs shrinking each violated invariant (default', "100); 0 keeps each one's first failing run"],
  }),
  shrinkBudget: row<number>()({
    flag: 'shrink-budget', key: 'shrinkBudget', option: 'shrinkBudget', kind: duration(), unit: 'ms', arg: '<duration>', modes: SEARCH,
    help: ['the longest time spent shrinking each violated invariant (default:', 'none under the virtual clock; under the real clock 30 × the failing', "run's own wall time, at least 20s); then the smallest found is reported"],
  }),
  secondSignals: row<SignalName[]>()({
    flag: 'second-signals', key: 'secondSignals', option: 'secondSignals', kind: { type: 'list', values: SIGNALS, what: 'the signals', empty: true }, arg: '<list>', modes: SEARCH,
    help: ['the second signals the search may send during the drain (default:', 'the signal again, and SIGINT); none for no second signal'],
  }),
  keepPorts: row<boolean>()({
    flag: 'keep-ports', key: 'keepPorts', option: 'keepPorts', kind: { type: 'boolean' }, default: false, modes: EVERY,
    help: ['let the target listen on the port it asks for (default: remapped)'], loadHelp: ['let the target listen on the port it asks for'],
  }),
  proxy: row<'nginx'>()({
    flag: 'proxy', key: 'proxy', option: 'proxy', kind: { type: 'choice', values: ['nginx'], what: 'a proxy' }, arg: 'nginx', modes: SEARCH,
    help: ["put Debian's nginx in front of the target, pooling its upstream", 'connections (keepalive): clients talk to nginx, and a 502 it answers', 'during the shutdown fails no-shutdown-5xx; real clock only'],
  }),
  proxyDrainDelay: row<number>()({
    flag: 'proxy-drain-delay', key: 'proxyDrainDelay', option: 'proxyDrainDelay', kind: duration(0), unit: 'ms', arg: '<dur>', modes: SEARCH,
    help: ['with --proxy: the proxy takes the target out of rotation this long', 'after the signal, as endpoints are removed (default: the config\'s', 'drainDelay under --profile kubernetes, never under immediate)'],
  }),
  startupTimeout: row<number>()({
    flag: 'startup-timeout', key: 'startupTimeout', option: 'startupTimeout', kind: duration(), unit: 'ms', default: DEFAULT_STARTUP_TIMEOUT_MS, arg: '<dur>', modes: EVERY,
    help: ['how long to wait for the first listener, or for a --cmd target to', 'be ready (default 10s)'],
    loadHelp: ['how long to wait for the first listener (default 10s)'],
  }),
  node: row<string>()({
    flag: 'node', key: 'node', option: 'node', kind: text('Node versions', '20,22,24'), arg: '<versions>', modes: SEARCH,
    help: ['run the target under these Node releases, fetched from the npm', 'registry (22: its newest 22.x); compare: one row per version'],
  }),
} as const;

/** The names of the rows. */
export type SettingName = keyof typeof SETTINGS;

/** The value a row holds once read. */
export type ValueOf<N extends SettingName> = (typeof SETTINGS)[N] extends Typed<infer V> ? V : never;

/** Whether a row has a default, and so is never undefined once resolved. */
export type HasDefault<N extends SettingName> = (typeof SETTINGS)[N] extends { default: unknown } ? true : false;
