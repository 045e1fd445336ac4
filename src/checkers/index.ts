export {
  CATALOGUE,
  checkAll,
  overallVerdict,
  type CheckReport,
  type InvariantId,
  type OverallVerdict,
} from './catalogue.js';
export {
  DEFAULT_DRAIN_DELAY_MS,
  DEFAULT_READINESS_PATH,
  DEFAULT_SETTLE_MS,
  DEFAULT_WEBSOCKET_CLOSE_CODES,
  SIGNAL_NUMBERS,
  defaultCheckOptions,
  toleranceMs,
  type CheckOptions,
  type Checker,
} from './checker.js';
export { cleanExit } from './clean-exit.js';
export { deadline } from './deadline.js';
export { drainConnectionClose } from './drain-connection-close.js';
export { inFlightComplete } from './in-flight-complete.js';
export { keepaliveRace } from './keepalive-race.js';
export { noAcceptThenDrop } from './no-accept-then-drop.js';
export { noShutdown5xx } from './no-shutdown-5xx.js';
export { readiness } from './readiness.js';
export { streamCleanEnd } from './stream-clean-end.js';
export type { Evidence, InvariantResult, NotApplicable, Severity, Verdict } from './verdict.js';
export { websocketGoingAway } from './websocket-going-away.js';
