import type { ScenarioArbitraryOptions } from '../scenario/arbitraries.js';
import type { Config } from './validate.js';

/** What a config file tells the search about the application's requests and how long they take. */
export type ConfigSearchOptions = Pick<ScenarioArbitraryOptions, 'maxLatencyMs' | 'slowLatencyMs' | 'requestCount'>;

/**
 * The scenario options a config implies: how many ordinary requests it names (clients send them by
 * index), a slow route's fixed latency, and the longest latency to draw — `maxLatencyMs` given as an
 * option (or flag) wins over the config's, with the same meaning. Both speak in the target's own time;
 * `commandTimeScale` is the time scale of a command target, whose clock nobody scales (1 for a Node
 * target, whose timers the agent scales with the scenario), so that a route that takes 3 s is 3 s / k
 * in scenario time. Pure.
 */
export function searchOptionsFromConfig(config: Config | null, commandTimeScale = 1, given: { maxLatencyMs?: number } = {}): ConfigSearchOptions {
  const scenarioMs = (ms: number): number => Math.round(ms / commandTimeScale);
  const { requests, slowLatencyMs } = config?.routes ?? {};
  const maxLatencyMs = given.maxLatencyMs ?? config?.maxLatencyMs;
  return {
    ...(requests !== undefined ? { requestCount: requests.length } : {}),
    ...(slowLatencyMs !== undefined ? { slowLatencyMs: scenarioMs(slowLatencyMs) } : {}),
    // The search draws in whole ticks of 10 ms, so the longest latency is at least one.
    ...(maxLatencyMs !== undefined ? { maxLatencyMs: Math.max(10, scenarioMs(maxLatencyMs)) } : {}),
  };
}
