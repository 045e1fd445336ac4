import { checkAll } from '../checkers/catalogue.js';
import { buildScenarioResult, type ScenarioResult } from '../report/scenario-result.js';
import { executeScenario } from '../run/executor.js';
import { validateScenario } from '../scenario/timeline.js';
import type { Scenario } from '../scenario/types.js';
import { targetSettings, type CommandTargetOptions, type TargetOptions, type TargetSettings } from './target-settings.js';
import { probeTarget, webSocketPathsOf } from '../run/probe.js';
import type { RunOptions } from '../run/executor.js';
import { discoveredWebSocketRoute, withWebSocketRoute } from './websocket-route.js';

/** The options of runScenario: where the config is, the clock, strictness, ports, the start-up timeout. */
export type RunScenarioOptions = TargetOptions;

/**
 * Runs one scenario against one target — a Node entry file, or `{ cmd, port | portEnv }` for a server
 * in any language (undefined: the config file's `cmd`) — and judges it: the canonical history and its hash, whether
 * the run completed, every invariant's verdict, and the command that runs this scenario again.
 *
 * WebSocket clients open where the search's did: on the config's `routes.websocket`, else on the path
 * of the target's `ws` WebSocketServer, read from a first start of the target (as the search's probe
 * does) when the scenario has WebSocket clients.
 *
 * Rejects with ScenarioError for a malformed scenario, OptionsError for a bad option, ConfigError for
 * a bad config file and TargetError when the target cannot be brought up; a run that stops making
 * progress resolves with verdict `unknown` and its reason, never hangs.
 */
export async function runScenario(
  target: string | (CommandTargetOptions & { cmd: string }) | undefined,
  scenario: Scenario,
  options: RunScenarioOptions = {},
): Promise<ScenarioResult> {
  const settings =
    typeof target === 'object' && target !== null
      ? await targetSettings(undefined, { ...options, ...target })
      : await targetSettings(target, options);
  const route = await webSocketRoute(settings, scenario);
  const routed = route === null ? settings.run : withWebSocketRoute(settings.run, route);
  const run = await executeScenario(scenario, await withProbedProtocols(settings, scenario, routed));
  const check = checkAll(run.history, scenario, settings.check);
  return buildScenarioResult(
    {
      target: settings.target,
      ...(settings.command ? { command: settings.command } : {}),
      clock: settings.clock,
      timeScale: settings.timeScale,
      strict: settings.strict,
      config: settings.configPath,
      ...(settings.proxy ? { proxy: settings.proxy } : {}),
      ...(settings.node !== null ? { node: settings.node.version } : {}),
    },
    run,
    check,
  );
}

/**
 * The path the target's ws server listens on, when the scenario has WebSocket clients, the config names
 * no route and the target is a Node entry file (whose agent can tell); otherwise null. A malformed
 * scenario is left to executeScenario to reject, without starting the target for it.
 */
async function webSocketRoute(settings: TargetSettings, scenario: Scenario): Promise<string | null> {
  const { run, config, target } = settings;
  if (run.entry === undefined || config?.routes.websocket !== undefined) return null;
  if (validateScenario(scenario).length > 0 || !scenario.clients.some((client) => client.kind === 'websocket')) return null;
  return discoveredWebSocketRoute(target, await webSocketPathsOf(run))?.route ?? null;
}

/**
 * A command has no agent to tell its h2 clients whether its HTTP/2 is over TLS: when the scenario has h2
 * clients, the target is probed first, as the search's probe does (run/probe.ts). Otherwise the run as
 * it is; a malformed scenario is left to executeScenario to reject.
 */
async function withProbedProtocols(settings: TargetSettings, scenario: Scenario, run: RunOptions): Promise<RunOptions> {
  if (settings.command === null || validateScenario(scenario).length > 0 || !scenario.clients.some((client) => client.kind === 'h2')) return run;
  const { serves } = await probeTarget(settings, () => undefined);
  return { ...run, protocols: serves.protocols };
}
