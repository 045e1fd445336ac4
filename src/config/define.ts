/**
 * `defineConfig`: types a `.js`, `.mjs` or `.ts` config file as it is written — durations with their
 * unit, as the file needs them — so that an editor completes its keys and refuses a misspelt one.
 */
import type { ReporterName } from '../report/reporters.js';
import type { ClientKind, Profile, SignalName } from '../scenario/types.js';
import type { OrdinaryRequest } from './validator.js';

/** A duration as a config file writes it: with its unit (`'30s'`, `'500ms'`, `'2m'`), or 0. */
export type DurationText = `${number}ms` | `${number}s` | `${number}m` | 0 | '0';

/**
 * A config file as written: every key optional, each with the name and meaning of its flag (`grace`
 * for `--grace`, `timeBudget` for `--time-budget`), and the file's own keys (`routes`, `requests`,
 * exit and close codes, `drainDelay`).
 */
export interface ConfigFile {
  routes?: {
    fast?: string;
    slow?: string | { path: string; latency: DurationText };
    stream?: string;
    websocket?: string;
    readiness?: string;
  };
  websocket?: boolean;
  allowedExitCodes?: number[];
  websocketCloseCodes?: number[];
  requests?: OrdinaryRequest[];
  drainDelay?: DurationText;
  target?: string;
  cmd?: string;
  port?: number;
  portEnv?: string;
  readyPattern?: string;
  connections?: number;
  rate?: number;
  duration?: DurationText;
  signalAt?: DurationText;
  mix?: string;
  runs?: number;
  seed?: number;
  clock?: 'virtual' | 'real';
  timeScale?: number;
  grace?: DurationText;
  signal?: SignalName;
  clients?: ClientKind[];
  profile?: Profile;
  strict?: boolean;
  reporter?: ReporterName[];
  noColor?: boolean;
  out?: string;
  concurrency?: number;
  timeBudget?: DurationText;
  maxLatency?: DurationText;
  shrinkRuns?: number;
  shrinkBudget?: DurationText;
  secondSignals?: SignalName[];
  keepPorts?: boolean;
  proxy?: 'nginx';
  proxyDrainDelay?: DurationText;
  startupTimeout?: DurationText;
  /** the Node releases a Node entry file runs under, as --node takes them: `22`, or `20,22,24` for compare */
  node?: string;
}

/**
 * Returns its argument unchanged; it is there for the types. `export default defineConfig({ grace:
 * '30s' })` in `shutdown-check.config.mjs` or `.ts`; a function (async or not) that returns the config
 * is typed alike.
 */
export function defineConfig<C extends ConfigFile | (() => ConfigFile | Promise<ConfigFile>)>(config: C): C {
  return config;
}
