/**
 * no-accept-then-drop: every connection attempt made after the first signal is either refused or
 * accepted and answered completely (a 503 with `Connection: close` is a complete answer). None is
 * accepted and then reset or closed with its request unanswered or cut mid-body: a balancer retries a
 * refused connection elsewhere, but cannot safely retry a request on a connection that was accepted
 * and then dropped. And none is accepted after the target closed its last listener (with an agent,
 * which reports the listeners; without one, a command target's, that rule cannot be checked, and an
 * accepted connection is one the client saw connected). An attempt that sends no request (a silent or WebSocket client) is
 * judged only by that last rule, since there is nothing to answer. The grace period excuses what the
 * harness's SIGKILL cut and requests whose natural end falls after the grace period's end minus the
 * deadline tolerance; `deadline` judges those.
 *
 * Exercised by a connection attempt after the signal, whatever became of it.
 */
import type { EventOf, History, HistoryEvent } from '../history/events.js';
import type { Scenario } from '../scenario/types.js';
import { type CheckOptions, type Checker, toleranceMs } from './checker.js';
import type { Evidence, Verdict } from './verdict.js';
import { exercisedIf, withoutSignal } from './exercise.js';
import { type Attempt, HistoryView, answered } from './view.js';
import {
  OUTCOME_PHRASE,
  conclude,
  outcomeClause,
  relative,
  requestEvents,
  requestName,
  sinceSignal,
  withSignal,
} from './wording.js';

/** For each attempt, the `listener-closed` that left the target with no open listener, if one had. */
function closedListenerAtConnect(view: HistoryView): Map<Attempt, EventOf<'listener-closed'>> {
  const result = new Map<Attempt, EventOf<'listener-closed'>>();
  const byConnect = new Map<HistoryEvent, Attempt>(view.attempts.map((a) => [a.connect, a]));
  const open = new Set<number>();
  let lastClosed: EventOf<'listener-closed'> | undefined;
  for (const e of view.events) {
    if (e.type === 'listening') {
      open.add(e.listener);
      lastClosed = undefined;
    } else if (e.type === 'listener-closed') {
      open.delete(e.listener);
      if (open.size === 0) lastClosed = e;
    } else if (e.type === 'client-connect' && lastClosed) {
      const attempt = byConnect.get(e);
      if (attempt) result.set(attempt, lastClosed);
    }
  }
  return result;
}

function check(history: History, scenario: Scenario, options: CheckOptions): Verdict {
  const view = new HistoryView(history, scenario);
  const signal = view.signal;
  if (!signal) return withoutSignal(view);
  const tolerance = toleranceMs(scenario.graceMs, options);
  const closedAt = closedListenerAtConnect(view);
  const violations: Evidence[] = [];
  const missing: string[] = [];
  for (const a of view.attempts) {
    if (!view.afterSignal(a.connect) || a.refused) continue;
    const opened = `opened ${sinceSignal(view, a.connect)}`;
    const closed = closedAt.get(a);
    if (closed && a.connected) {
      const afterClose = relative(a.connect, closed, 'the target closed its last listener');
      violations.push({
        events: withSignal(view, [closed, a.connect, a.connected]),
        message: `client ${a.client} connected ${sinceSignal(view, a.connect)}, ${afterClose}, and the connection was accepted`,
      });
      continue;
    }
    for (const r of a.requests) {
      if (!r.outcome) {
        missing.push(`${requestName(r)}, on a connection ${opened}, has no recorded outcome`);
        continue;
      }
      const outcome = r.outcome.outcome;
      if (outcome === 'timeout') {
        missing.push(`${requestName(r)} ${OUTCOME_PHRASE.timeout}`);
        continue;
      }
      if (outcome === 'refused' || answered(outcome)) continue;
      if (view.leftToDeadline(r, tolerance)) continue;
      violations.push({
        events: withSignal(view, requestEvents(view, r)),
        message: `${requestName(r)} went out on a connection ${opened} that the server accepted, and ${outcomeClause(view, r)}`,
      });
    }
  }
  const attempts = view.attempts.filter((a) => view.afterSignal(a.connect));
  const exercise = exercisedIf(attempts.length > 0, () => `no connection was attempted after ${signal.signal}`);
  return conclude(view, violations, missing, exercise);
}

export const noAcceptThenDrop: Checker = {
  id: 'no-accept-then-drop',
  defaultSeverity: 'error',
  exercisedBy: 'a connection attempt after the signal',
  definition:
    'Every connection attempt after the signal is either refused or accepted and answered completely; none is ' +
    'accepted and then reset or closed unanswered, and none is accepted after the listener closed.',
  check,
};
