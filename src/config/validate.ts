/**
 * A config file's value checked and normalised: the settings it shares with the flags and options are
 * read by the table (settings/table.ts); its own structured keys by the Validator.
 */
import { DEFAULT_WEBSOCKET_CLOSE_CODES } from '../checkers/checker.js';
import { readSetting, show } from '../settings/kinds.js';
import { SETTINGS, type Setting, type SettingName } from '../settings/table.js';
import type { ClientKind, Profile, SignalName } from '../scenario/types.js';
import type { ReporterName } from '../report/reporters.js';
import { isPlainObject, Validator, type ConfigRoutes } from './validator.js';

export { ConfigError } from './config-error.js';
export { expandRoute, type ConfigRoutes, type OrdinaryRequest } from './validator.js';
export { regexProblem } from '../settings/regex.js';

/**
 * A config file, normalised: durations in ms, defaults filled where one exists. A key left out of the
 * file is left out here too, so a command-line flag or the built-in default decides it.
 */
export interface Config {
  routes: ConfigRoutes;
  /** whether the target has a WebSocket endpoint; null when the file does not say */
  websocket: boolean | null;
  allowedExitCodes?: number[];
  graceMs?: number;
  signal?: SignalName;
  profile?: Profile;
  /** kubernetes profile: how long the target keeps serving while its readiness fails */
  drainDelayMs?: number;
  startupTimeoutMs?: number;
  clients?: ClientKind[];
  keepPorts?: boolean;
  /** the proxy put in front of the target, and when it takes the target out of rotation after the signal */
  proxy?: 'nginx';
  proxyDrainDelayMs?: number;
  /** close codes a WebSocket may get when the target shuts down */
  websocketCloseCodes: number[];
  /** a server in any language, run through /bin/sh -c instead of a Node entry file */
  cmd?: string;
  /** the port the command listens on */
  port?: number;
  /** the environment variable that passes a harness-chosen port to the command */
  portEnv?: string;
  /** the command is ready when a line of its stdout matches this regular expression */
  readyPattern?: string;
  /** the longest latency (and stream length) the search draws */
  maxLatencyMs?: number;
  /** property runs */
  runs?: number;
  /** the search's seed */
  seed?: number;
  /** the server's entry file, as `--target` names it */
  target?: string;
  clock?: 'virtual' | 'real';
  /** real clock only: real ms per scenario ms */
  timeScale?: number;
  strict?: boolean;
  /** the reporters of run and compare */
  reporter?: ReporterName[];
  out?: string;
  concurrency?: number;
  timeBudgetMs?: number;
  shrinkRuns?: number;
  shrinkBudgetMs?: number;
  noColor?: boolean;
  secondSignals?: SignalName[];
  /** the Node releases a Node entry file runs under, as --node takes them */
  node?: string;
  /** load mode */
  connections?: number;
  rate?: number;
  durationMs?: number;
  signalAtMs?: number;
  mix?: string;
}

/** The rows of the settings table a config file may give, in the table's order. */
const TABLE_KEYS = (Object.keys(SETTINGS) as SettingName[]).filter((name) => SETTINGS[name].key !== null);

/** The config file's own structured keys, then every key of the settings table. */
export const CONFIG_KEYS: readonly string[] = [
  'routes',
  'websocket',
  'allowedExitCodes',
  'websocketCloseCodes',
  'requests',
  'drainDelay',
  ...TABLE_KEYS.map((name) => SETTINGS[name].key as string).filter((key) => key !== 'drainDelay'),
];
const KEYS = CONFIG_KEYS;

/**
 * Validates a config value (what a JSON file holds, or what a JS file exports) and normalises it.
 * `source` names the file in error messages. Pure; throws ConfigError on the first problem.
 */
export function parseConfig(value: unknown, source: string): Config {
  const check: Validator = new Validator(source);
  if (!isPlainObject(value)) check.fail(`the config must be an object with any of ${KEYS.join(', ')}, not ${show(value)}`);
  check.keys(value, KEYS, '', 'the keys');
  // A key set to undefined (easy to do in a JS config) counts as left out.
  const given = (key: string): boolean => value[key] !== undefined;

  const routes = given('routes') ? check.routes(value.routes) : { fast: '/' };
  if (given('requests')) routes.requests = check.requests(value.requests);
  let websocket = given('websocket') ? check.boolean('websocket', value.websocket) : null;
  if (routes.websocket !== undefined) {
    if (websocket === false) {
      check.fail(`websocket is false but routes.websocket is ${show(routes.websocket)}; drop one of them`);
    }
    websocket = true;
  }
  const rest: Omit<Config, 'routes' | 'websocket' | 'websocketCloseCodes'> = {};
  if (given('allowedExitCodes')) rest.allowedExitCodes = check.integers('allowedExitCodes', value.allowedExitCodes, 0, 255);
  const fields: Record<string, unknown> = rest;
  for (const name of TABLE_KEYS) {
    const setting: Setting<unknown> = SETTINGS[name];
    const key = setting.key as string;
    const read = readSetting(setting, 'config', value[key]);
    if (!read.ok) check.fail(read.message);
    // Durations are kept in ms under the key's name with `Ms` after it (graceMs), as Config names them.
    if (read.value !== undefined) fields[setting.kind.type === 'duration' ? `${key}Ms` : key] = read.value;
  }
  if (rest.target !== undefined && rest.cmd !== undefined) {
    check.fail('target and cmd both name the server; give one: target for a Node entry file, cmd for any command');
  }
  const websocketCloseCodes = given('websocketCloseCodes')
    ? // 1005, 1006 and 1015 are never sent in a close frame; accepting 1006 would accept an abrupt end.
      check.integers('websocketCloseCodes', value.websocketCloseCodes, 1000, 4999, [1005, 1006, 1015])
    : [...DEFAULT_WEBSOCKET_CLOSE_CODES];
  return { routes, websocket, ...rest, websocketCloseCodes };
}
