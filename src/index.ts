/**
 * The public API of shutdown-check: what a test suite imports to search a server's shutdown, run one
 * scenario, check it under load, judge and print the result, and what the command line is built from.
 * Everything else is internal to the module that uses it.
 */

// The type of the vitest matcher `shutdown-check/vitest` registers (declarations only)
import './api/vitest-matchers.js';

// Checking a server: the whole search, one scenario, the arbitrary of scenarios, the judgement, load mode
export { checkShutdown } from './api/check-shutdown.js';
export type { CheckShutdownOptions, Progress } from './api/check-shutdown.js';
export { runScenario } from './api/run-scenario.js';
export type { RunScenarioOptions } from './api/run-scenario.js';
export { shutdownScenario } from './api/shutdown-scenario.js';
export type { ShutdownScenarioOptions } from './api/shutdown-scenario.js';
export { judgeShutdown } from './api/shutdown-matcher.js';
export type { ShutdownJudgement } from './api/shutdown-matcher.js';
export { checkUnderLoad } from './api/check-under-load.js';
export type { CheckUnderLoadOptions, LoadResult } from './api/check-under-load.js';

// Scenarios a user writes, reads or replays
export type { ClientKind, ClientSpec, Profile, Scenario, SignalName } from './scenario/types.js';
export { parseScenario } from './scenario/parse.js';

// Results and how to print them
export type { Report } from './report/report.js';
export type { ScenarioResult } from './report/scenario-result.js';
export { formatReport, formatScenarioResult, verdictLine } from './report/pretty.js';
export { formatSummary } from './report/summary.js';
export { formatJunit } from './report/junit.js';
export { formatGithubAnnotations } from './report/github.js';
export { formatHtmlReport } from './report/html.js';
export type { LoadSummary } from './load/summary.js';
export { formatLoadReport } from './load/report/text.js';

// The config file
export { loadConfig } from './config/config.js';
export type { Config } from './config/config.js';

// Errors: each one a rejection the command line turns into its exit status
export { OptionsError } from './api/options.js';
export { ConfigError } from './config/config.js';
export { ScenarioError } from './run/executor.js';
export { TargetError } from './target/errors.js';

export { version } from './api/version.js';

// What the command line is built from: the settings table, reporters, compare and replay
export { SETTINGS } from './settings/table.js';
export { readSetting } from './settings/kinds.js';
export { reportersNamed, type ReporterName } from './report/reporters.js';
export { COLOURED, PLAIN, type Style } from './report/style.js';
export { compareTargets } from './run/compare.js';
export { printable } from './report/printable.js';
export { replayArgs } from './report/report.js';
export { mergeShards } from './report/merge.js';
