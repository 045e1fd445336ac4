import type { CheckOptions } from '../checkers/checker.js';
import { loadConfig, type Config } from '../config/config.js';
import type { RunOptions } from '../run/executor.js';
import { DEFAULT_STARTUP_TIMEOUT_MS, type ClockMode } from '../target/launch.js';
import { durationOption, OptionsError, oneOfOption, type Duration } from './options.js';

/** How a target is run and judged: what checkShutdown and runScenario share. */
export interface TargetOptions {
  /** a config file; default: shutdown-check.config.{js,mjs,json} in the working directory, if any */
  config?: string;
  /** default 'virtual' */
  clock?: ClockMode;
  /** real clock only: real ms per scenario ms (default 1); the agent scales the target's timers alike */
  timeScale?: number;
  /** warnings fail too */
  strict?: boolean;
  /** let the target listen on the port it asks for (default: remapped to a free one) */
  keepPorts?: boolean;
  /** how long to wait for the target's first listener (default 10s) */
  startupTimeout?: Duration;
}

export interface TargetSettings {
  config: Config | null;
  /** the config file as the caller named it; null when it was found (or absent), not named */
  configPath: string | null;
  clock: ClockMode;
  timeScale: number;
  strict: boolean;
  run: RunOptions;
  check: Partial<CheckOptions>;
}

/**
 * Validates the options and loads the config file (ConfigError when it is bad); the options win over
 * the file, which wins over the defaults.
 */
export async function targetSettings(target: string, options: TargetOptions): Promise<TargetSettings> {
  if (typeof target !== 'string' || target === '') throw new OptionsError("target must be the path of the server's entry file");
  const clock = oneOfOption('clock', options.clock, ['virtual', 'real'] as const) ?? 'virtual';
  const startupTimeoutMs = durationOption('startupTimeout', options.startupTimeout);
  const timeScale = options.timeScale ?? 1;
  if (typeof timeScale !== 'number' || !(timeScale > 0) || !Number.isFinite(timeScale)) {
    throw new OptionsError(`timeScale is ${String(options.timeScale)}; it must be a positive number`);
  }
  if (timeScale !== 1 && clock !== 'real') throw new OptionsError('timeScale scales the real clock; use it with clock: real');
  const config = await loadConfig(process.cwd(), options.config);
  const strict = options.strict ?? false;
  return {
    config,
    configPath: options.config ?? null,
    clock,
    timeScale,
    strict,
    run: {
      entry: target,
      clock,
      timeScale,
      keepPorts: options.keepPorts ?? config?.keepPorts ?? false,
      startupTimeoutMs: startupTimeoutMs ?? config?.startupTimeoutMs ?? DEFAULT_STARTUP_TIMEOUT_MS,
      ...(config ? { routes: config.routes } : {}),
    },
    check: {
      strict,
      ...(config?.allowedExitCodes ? { allowedExitCodes: config.allowedExitCodes } : {}),
      ...(config ? { websocketCloseCodes: config.websocketCloseCodes } : {}),
      ...(config?.drainDelayMs !== undefined ? { drainDelayMs: config.drainDelayMs } : {}),
      ...(config?.routes.readiness ? { readinessPath: config.routes.readiness } : {}),
    },
  };
}
