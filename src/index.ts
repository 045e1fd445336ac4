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
export { formatReport, formatScenarioResult } from './report/pretty.js';
export { formatSummary } from './report/summary.js';
export { formatJunit } from './report/junit.js';
export { formatGithubAnnotations } from './report/github.js';
export { formatHtmlReport } from './report/html.js';
export type { LoadSummary } from './load/summary.js';
export { formatLoadReport } from './load/report/text.js';

// The config file
export { loadConfig } from './config/config.js';
export type { Config } from './config/config.js';
export { defineConfig } from './config/define.js';
export type { ConfigFile } from './config/define.js';

// Errors: each one a rejection the command line turns into its exit status
export { OptionsError } from './api/options.js';
export { ConfigError } from './config/config.js';
export { ScenarioError } from './run/executor.js';
export { TargetError } from './target/errors.js';

export { version } from './api/version.js';

// What the command line is built from, in one object
export { commandLine } from './command-line.js';

// Joining the parts of a search split across machines (checkShutdown's shard option)
export { mergeShards } from './report/merge.js';
