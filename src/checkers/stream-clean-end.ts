/**
 * stream-clean-end: every streaming response that began ends with its terminating chunk (or its full
 * content-length), even when the server shortens it to meet its own deadline: a client can tell a
 * stream that ended early from a broken one only by that final chunk. A response reset or ended by EOF
 * mid-body violates it, whenever that happens. Streams that never got a response are judged by
 * `in-flight-complete` or `no-accept-then-drop` instead. The grace period excuses a stream cut by the
 * harness's SIGKILL, and a stream whose natural end (start + chunks × interval) falls within the
 * deadline tolerance of the grace period's end, on either side; both are judged by `deadline`. Unlike
 * `in-flight-complete`, a stream meant to outlast the grace period is not excused: its server can and
 * must end it cleanly.
 */
import type { History } from '../history/events.js';
import type { Scenario } from '../scenario/types.js';
import { type CheckOptions, type Checker, toleranceMs } from './checker.js';
import type { Evidence, Verdict } from './verdict.js';
import { HistoryView, naturalEnd } from './view.js';
import {
  OUTCOME_PHRASE,
  conclude,
  outcomeClause,
  requestEvents,
  requestName,
  sinceSignal,
  withSignal,
} from './wording.js';

function check(history: History, scenario: Scenario, options: CheckOptions): Verdict {
  const view = new HistoryView(history, scenario);
  const graceEnd = view.graceEnd();
  const tolerance = toleranceMs(scenario.graceMs, options);
  const violations: Evidence[] = [];
  const missing: string[] = [];
  for (const r of view.requests) {
    if (r.spec?.kind !== 'stream') continue;
    if (!r.outcome) {
      if (r.sent) missing.push(`${requestName(r)} (a stream) has no recorded outcome`);
      continue;
    }
    const outcome = r.outcome.outcome;
    if (outcome === 'timeout') {
      missing.push(`${requestName(r)} (a stream) ${OUTCOME_PHRASE.timeout}`);
      continue;
    }
    if (outcome !== 'truncated' && outcome !== 'reset-mid-response') continue;
    const end = naturalEnd(r);
    if (view.cutByKill(r)) continue;
    if (end !== undefined && graceEnd !== undefined && Math.abs(end - graceEnd) <= tolerance) continue;
    const stream = `the stream of ${requestName(r)}${r.sent ? `, started ${sinceSignal(view, r.sent)},` : ''}`;
    violations.push({
      events: withSignal(view, requestEvents(view, r)),
      message: `${stream} ${outcomeClause(view, r)} instead of ending with its final chunk`,
    });
  }
  return conclude(view, violations, missing);
}

export const streamCleanEnd: Checker = {
  id: 'stream-clean-end',
  defaultSeverity: 'error',
  exercisedBy: 'a response mid-body at the signal',
  definition:
    'Every streaming response ends with its terminating chunk (or its full content-length), even if the server ' +
    'shortens it; no reset or EOF mid-body.',
  check,
};
