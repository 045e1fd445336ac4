import type { CheckOptions } from '../checkers/checker.js';
import type { Config } from '../config/config.js';
import { configFor, type Preloaded } from '../config/loaded.js';
import { resolveSettings, type GivenSettings } from '../settings/resolve.js';
import type { RunOptions } from '../run/executor.js';
import type { ClockMode } from '../target/launch.js';
import { OptionsError, readOptions, type Duration } from './options.js';
import { nodeBinaries, type NodeBinary } from '../node-binaries/node-binary.js';
import { findNginx, NGINX_MISSING } from '../target/proxy/nginx.js';
import type { ProxySettings } from '../run/proxy-in-loop.js';

/**
 * A server in any language, run as `/bin/sh -c <cmd>` in its own process group. No agent runs inside
 * it, so it always runs under the real clock. Each field may come from the config file instead.
 */
export interface CommandTargetOptions {
  /** the command that starts the server (instead of a Node entry file) */
  cmd?: string;
  /** the port it listens on */
  port?: number;
  /** the environment variable in which the harness passes it a free port (e.g. 'PORT') */
  portEnv?: string;
  /** it is ready when a line of its stdout matches this regular expression (default: when the port accepts) */
  readyPattern?: string;
}

/** How a target is run and judged: what checkShutdown and runScenario share. */
export interface TargetOptions extends CommandTargetOptions {
  /** a config file; default: shutdown-check.config.{js,mjs,json} in the working directory, if any */
  config?: string;
  /** default 'virtual' (a command target: always 'real') */
  clock?: ClockMode;
  /** real clock only: real ms per scenario ms (default 1); the agent scales the target's timers alike */
  timeScale?: number;
  /** warnings fail too */
  strict?: boolean;
  /** let the target listen on the port it asks for (default: remapped to a free one) */
  keepPorts?: boolean;
  /** how long to wait for the target's first listener (default 10s) */
  startupTimeout?: Duration;
  /**
   * the Node release a Node entry file runs under (`22`: the newest 22.x; `22.12.0`), fetched from the
   * npm registry into a cache folder; default: the Node running the harness
   */
  node?: string;
  /** put Debian's nginx in front of the target (real clock only; see run/proxy-in-loop.ts) */
  proxy?: 'nginx';
  /**
   * with proxy: the proxy takes the target out of rotation this long after the first signal (default:
   * under the kubernetes profile the config's drainDelay, capped at the grace period; under immediate
   * never)
   */
  proxyDrainDelay?: Duration;
}

/** How a command target gets its port and says it is ready. */
export type CommandSettings = Omit<CommandTargetOptions, 'cmd'>;

export interface TargetSettings {
  /** the Node entry file, or the command */
  target: string;
  /** present when the target is a command */
  command: CommandSettings | null;
  config: Config | null;
  /** the config file as the caller named it; null when it was found (or absent), not named */
  configPath: string | null;
  clock: ClockMode;
  timeScale: number;
  strict: boolean;
  /** the Node a Node entry file runs under, when one was asked for */
  node: NodeBinary | null;
  run: RunOptions;
  check: Partial<CheckOptions>;
  /** the proxy in front of the target, as given (for the replay) */
  proxy: { name: 'nginx'; drainDelayMs?: number } | null;
}

/**
 * Validates the options and loads the config file (ConfigError when it is bad), unless the options
 * carry it loaded already; the options win over the file, which wins over the defaults. `target` is the Node entry file; without it the target is
 * the command in `options.cmd`, or else the config file's `cmd`.
 */
export async function targetSettings(target: string | undefined, options: TargetOptions & Preloaded): Promise<TargetSettings> {
  if (target !== undefined && (typeof target !== 'string' || target === '')) {
    throw new OptionsError("target must be the path of the server's entry file");
  }
  if (target !== undefined && options.cmd !== undefined) {
    throw new OptionsError(
      'target and cmd both name the server; give one: target for a Node entry file, cmd for any command',
      '--target and --cmd both name the server; give one: --target for a Node entry file, --cmd for any command',
    );
  }
  const given = readOptions(options, ['cmd', 'port', 'portEnv', 'readyPattern', 'startupTimeout', 'timeScale', 'clock', 'strict', 'keepPorts', 'proxy', 'proxyDrainDelay', 'node']);
  const config = await configFor(options);
  const resolved = resolveSettings(['startupTimeout', 'timeScale', 'strict', 'keepPorts', 'port', 'portEnv', 'readyPattern', 'proxy', 'proxyDrainDelay', 'node'], given, config);
  const timeScale = resolved.timeScale ?? 1;
  // Of the two ways to name the server, one given as an option (or flag) wins over either in the file.
  const fileTarget = given.cmd === undefined ? config?.target : undefined;
  const cmd = given.cmd ?? (target === undefined && fileTarget === undefined ? config?.cmd : undefined);
  const named = target ?? fileTarget ?? cmd;
  if (named === undefined) {
    throw new OptionsError(
      "target is required: the path of the server's entry file (or cmd, a command that starts a server in any language)",
      'a target is required: shutdown-check <file> (or --target <file>), or --cmd "<command>" for a server in any language, or target or cmd in the config file',
    );
  }
  const command = cmd === undefined ? null : commandSettings(resolved);
  const proxy = proxyOf(resolved.proxy, resolved.proxyDrainDelay, given.clock ?? config?.clock, config?.drainDelayMs);
  const clock = proxy
    ? 'real'
    : clockOf({ ...given, ...withDefined('clock', given.clock ?? config?.clock), ...withDefined('timeScale', resolved.timeScale) }, command !== null);
  const strict = resolved.strict ?? false;
  const node = resolved.node === undefined ? null : await nodeOf(resolved.node, command !== null);
  const common = {
    clock,
    timeScale,
    startupTimeoutMs: resolved.startupTimeout,
    ...(config ? { routes: config.routes } : {}),
    ...(proxy ? { proxy } : {}),
  };
  return {
    target: named,
    command,
    config,
    configPath: options.config ?? null,
    clock,
    timeScale,
    strict,
    node,
    run:
      command === null || cmd === undefined
        ? { ...common, entry: named, keepPorts: resolved.keepPorts ?? false, ...(node !== null ? { node: node.path } : {}) }
        : { ...common, command: { cmd, ...command } },
    proxy: proxy ? { name: proxy.kind, ...withDefined('drainDelayMs', proxy.drainDelayMs ?? undefined) } : null,
    check: {
      strict,
      ...(config?.allowedExitCodes ? { allowedExitCodes: config.allowedExitCodes } : {}),
      ...(config ? { websocketCloseCodes: config.websocketCloseCodes } : {}),
      ...(config?.drainDelayMs !== undefined ? { drainDelayMs: config.drainDelayMs } : {}),
      ...(config?.routes.readiness ? { readinessPath: config.routes.readiness } : {}),
    },
  };
}

/** The one Node release a search runs its Node entry file under; a command target starts its own program. */
async function nodeOf(versions: string, isCommand: boolean): Promise<NodeBinary> {
  if (isCommand) {
    throw new OptionsError(
      'node picks the Node that runs a Node entry file; a cmd target starts its own program (leave node out)',
      '--node picks the Node that runs a Node entry file; a --cmd target starts its own program (leave --node out)',
    );
  }
  const found = await nodeBinaries(versions);
  if (found.kind === 'failed') throw new OptionsError(found.line);
  const [one, ...more] = found.binaries;
  if (one === undefined || more.length > 0) {
    throw new OptionsError(`node: one Node version per search, not ${versions}; compare runs one search per version`, `--node ${versions}: run takes one Node version; compare <target> --node ${versions} runs one search per version`);
  }
  return one;
}

/** The port and readiness of a command target, as resolved: the options', else the config file's. */
function commandSettings({ port, portEnv, readyPattern }: Pick<GivenSettings, 'port' | 'portEnv' | 'readyPattern'>): CommandSettings {
  if (port === undefined && portEnv === undefined) {
    throw new OptionsError(
      "cmd needs its port: port, where it listens, or portEnv, the environment variable in which it is given a free one (e.g. 'PORT')",
      '--cmd needs its port: --port <n> where it listens, or --port-env <NAME> to be given a free one (e.g. --port-env PORT)',
    );
  }
  return {
    ...(port !== undefined ? { port } : {}),
    ...(portEnv !== undefined ? { portEnv } : {}),
    ...(readyPattern !== undefined ? { readyPattern } : {}),
  };
}

/**
 * The proxy in front of the target, or null. A proxy means the real clock, which it implies when no
 * clock is given: nginx keeps its own time (its pooled connections, its timeouts) and the keep-alive
 * race it meets is between its event loop and the target's in real time; under the virtual clock the
 * target's keepAliveTimeout and drain would jump ahead of nginx, giving races no deployment has, or
 * hiding those it has (see run/proxy-in-loop.ts). nginx must be installed: the run checks that first.
 */
function proxyOf(name: 'nginx' | undefined, drainDelayMs: number | undefined, clock: ClockMode | undefined, targetDrainDelayMs: number | undefined): ProxySettings | null {
  if (name === undefined) {
    if (drainDelayMs !== undefined) {
      throw new OptionsError('proxyDrainDelay goes with proxy: the delay after which the proxy takes the target out of rotation', '--proxy-drain-delay goes with --proxy nginx: the delay after which the proxy takes the target out of rotation');
    }
    return null;
  }
  if (clock === 'virtual') {
    throw new OptionsError(
      "proxy needs the real clock: nginx's timers and its pooled connections run in real time, which the virtual clock cannot move (leave clock out, or set it to real)",
      "--proxy nginx needs the real clock: nginx's timers and its pooled connections run in real time, which the virtual clock cannot move (leave --clock out, or give --clock real)",
    );
  }
  const binary = findNginx();
  if (binary === null) throw new OptionsError(NGINX_MISSING.replace('--proxy nginx', 'proxy: nginx'), NGINX_MISSING);
  // Without a delay of its own, the proxy follows each scenario's profile (see removalDelayMs).
  return { kind: 'nginx', binary, drainDelayMs: drainDelayMs ?? null, ...withDefined('targetDrainDelayMs', targetDrainDelayMs) };
}

/** A command runs under the real clock without asking; a Node target only when asked. */
function clockOf(options: GivenSettings, isCommand: boolean): ClockMode {
  const { clock } = options;
  if (isCommand) {
    if (clock === 'virtual') {
      throw new OptionsError(
        'clock: virtual needs the agent inside a Node target; a command target runs under the real clock (leave clock out)',
        '--clock virtual needs the agent inside a Node target; a --cmd target runs under the real clock (leave --clock out)',
      );
    }
    return 'real';
  }
  const stray = (['port', 'portEnv', 'readyPattern'] as const).find((key) => options[key] !== undefined);
  if (stray !== undefined) {
    const flag = { port: '--port', portEnv: '--port-env', readyPattern: '--ready-pattern' }[stray];
    throw new OptionsError(
      `${stray} goes with cmd; a Node target's port is the one its agent reports`,
      `${flag} goes with --cmd; a --target is a Node program whose port the agent reports`,
    );
  }
  if ((options.timeScale ?? 1) !== 1 && clock !== 'real') {
    throw new OptionsError('timeScale scales the real clock; use it with clock: real', '--time-scale scales the real clock; use it with --clock real');
  }
  return clock ?? 'virtual';
}

/** `{ [key]: value }`, or nothing when the value is undefined (exactOptionalPropertyTypes forbids an explicit undefined). */
function withDefined<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}
