/**
 * The public API of shutdown-check. Everything a library user may import is listed here by name.
 */
export { runScenario, ScenarioError } from './run/executor.js';
export type { RunOptions, RunResult, RunStatus } from './run/executor.js';
export type {
  ClientKind,
  ClientSpec,
  HttpClientSpec,
  Profile,
  Scenario,
  SignalName,
} from './scenario/types.js';
export { DEFAULT_GRACE_MS, SIGNALS } from './scenario/types.js';
export { compileTimeline, validateScenario } from './scenario/timeline.js';
export type { Action, Timeline } from './scenario/timeline.js';
export type { ConnectionEnd, History, HistoryEvent, Outcome } from './history/events.js';
export { OUTCOMES } from './history/events.js';
export { canonicalize, fromJsonl, historyHash, toJsonl } from './history/canonical.js';
export { TargetError } from './target/errors.js';
export type { TargetFailure } from './target/errors.js';
export type { ClockMode } from './target/launch.js';
export { formatTimeline } from './report/timeline-text.js';
