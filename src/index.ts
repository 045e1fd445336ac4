/**
 * The public API of shutdown-check. Everything a library user may import is listed here by name.
 */
// The library API: the whole search, one scenario, the arbitrary of scenarios, the matcher's judgement
export { checkShutdown } from './api/check-shutdown.js';
export type { CheckShutdownOptions } from './api/check-shutdown.js';
export { runScenario } from './api/run-scenario.js';
export type { RunScenarioOptions } from './api/run-scenario.js';
export { shutdownScenario } from './api/shutdown-scenario.js';
export type { ShutdownScenarioOptions } from './api/shutdown-scenario.js';
export { judgeShutdown } from './api/shutdown-matcher.js';
export type { ShutdownJudgement } from './api/shutdown-matcher.js';
export { OptionsError } from './api/options.js';
export type { Duration } from './api/options.js';
export type { CommandTargetOptions, TargetOptions } from './api/target-settings.js';
export { version } from './api/version.js';

// Running scenarios and searching for failures
export { executeScenario, ScenarioError } from './run/executor.js';
export type { RunOptions, RunResult, RunStatus } from './run/executor.js';
export { searchProperty } from './run/property.js';
export type { Progress, PropertyOptions, PropertyResult, Trial } from './run/property.js';

// Scenarios
export type {
  ClientKind,
  ClientSpec,
  HttpClientSpec,
  KeepAliveClientSpec,
  LateClientSpec,
  Profile,
  RawClientSpec,
  Scenario,
  SignalName,
  SilentClientSpec,
  SlowClientSpec,
  StreamClientSpec,
  WebSocketClientSpec,
} from './scenario/types.js';
export { CLIENT_KINDS, DEFAULT_GRACE_MS, PROFILES, SIGNALS } from './scenario/types.js';
export { compileTimeline, validateScenario } from './scenario/timeline.js';
export type { Action, Timeline } from './scenario/timeline.js';
export { describeScenario, scenarioArbitrary } from './scenario/arbitraries.js';
export type { ScenarioArbitraryOptions } from './scenario/arbitraries.js';
export { selectKinds, supportedKinds } from './scenario/kinds.js';
export type { DroppedKind } from './scenario/kinds.js';
export { parseScenario } from './scenario/parse.js';
export type { ParsedScenario } from './scenario/parse.js';

// Histories
export type { ConnectionEnd, History, HistoryEvent, Outcome } from './history/events.js';
export { OUTCOMES } from './history/events.js';
export { canonicalize, fromJsonl, historyHash, toJsonl } from './history/canonical.js';

// Invariants
export { CATALOGUE, checkAll } from './checkers/catalogue.js';
export type { CheckReport, InvariantId, OverallVerdict } from './checkers/catalogue.js';
export { defaultCheckOptions } from './checkers/checker.js';
export type { CheckOptions, Checker } from './checkers/checker.js';
export type { Evidence, InvariantResult, Severity, Verdict } from './checkers/verdict.js';

// Configuration
export { ConfigError, loadConfig, parseConfig } from './config/config.js';
export type { Config } from './config/config.js';

// Targets
export { TargetError } from './target/errors.js';
export type { TargetFailure } from './target/errors.js';
export type { ClockMode } from './target/launch.js';

// Reports
export { buildReport } from './report/build.js';
export type { Report, SearchSettings } from './report/report.js';
export { formatReport, formatScenarioResult } from './report/pretty.js';
export type { ScenarioResult, ScenarioSettings } from './report/scenario-result.js';
export { formatTimeline } from './report/timeline-text.js';
export { ADVICE } from './report/advice.js';
export type { Advice } from './report/advice.js';
export { formatStrategyMatrix, matrixCell } from './report/strategy-matrix.js';
export type { MatrixCell, Soak, StrategyMatrix, StrategyRow } from './report/strategy-matrix.js';
export { formatJunit } from './report/junit.js';
export { formatGithubAnnotations } from './report/github.js';
export type { GithubOptions } from './report/github.js';
export { formatHtmlReport } from './report/html.js';
export { OUTCOME_CLASSES } from './report/timeline-palette.js';
export { timelineSvg } from './report/timeline-svg.js';
export type { TimelineClient } from './report/timeline-svg.js';
export { compareRow, formatCompareMarkdown } from './report/compare.js';
export type { Cell, CompareRow, Comparison } from './report/compare.js';
export { formatCompareHtml } from './report/compare-html.js';
