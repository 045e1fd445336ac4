import { checkAll } from '../checkers/catalogue.js';
import { buildScenarioResult, type ScenarioResult } from '../report/scenario-result.js';
import { executeScenario } from '../run/executor.js';
import type { Scenario } from '../scenario/types.js';
import { targetSettings, type CommandTargetOptions, type TargetOptions } from './target-settings.js';

export type RunScenarioOptions = TargetOptions;

/**
 * Runs one scenario against one target — a Node entry file, or `{ cmd, port | portEnv }` for a server
 * in any language (undefined: the config file's `cmd`) — and judges it: the canonical history and its hash, whether
 * the run completed, every invariant's verdict, and the command that runs this scenario again.
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
  const run = await executeScenario(scenario, settings.run);
  const check = checkAll(run.history, scenario, settings.check);
  return buildScenarioResult(
    { target: settings.target, ...(settings.command ? { command: settings.command } : {}), clock: settings.clock, timeScale: settings.timeScale, strict: settings.strict, config: settings.configPath },
    run,
    check,
  );
}
