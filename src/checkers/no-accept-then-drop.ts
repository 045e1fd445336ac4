/**
 * no-accept-then-drop: every connection attempt made after the first signal is either refused or
 * accepted and answered completely (a 503 with `Connection: close` is a complete answer). None is
 * accepted and then reset or closed with its request unanswered or cut mid-body: a balancer retries a
 * refused connection elsewhere, but cannot safely retry a request on a connection that was accepted
 * and then dropped. And none is accepted after the target closed its last listener (with an agent,
 * which reports the listeners and the connections the target accepts; without one, a command
 * target's, that rule cannot be checked). An
 * attempt that sends no request (a silent or WebSocket client) is judged only by that last rule, since
 * there is nothing to answer. The grace period excuses what the harness's SIGKILL cut and requests
 * whose natural end falls after the grace period's end minus the deadline tolerance; `deadline` judges
 * those.
 *
 * A connection reset before any response may never have reached the target: see ./listen-backlog.ts
 * for how the history tells a connection the target dropped from one the kernel reset in its listen
 * backlog, and when the latter is still the target's fault.
 *
 * Without an agent the history holds only what the clients saw: a connection the client saw connected
 * is accepted when the server answered on it or ended it with FIN (a queued connection is only ever
 * reset), or when it was reset while the listener was evidently still open — a later attempt, begun
 * after the reset, connected. A reset before any response otherwise could be either, and the verdict
 * is `unknown`, saying so.
 *
 * Exercised by a connection attempt after the signal, whatever became of it.
 */
import type { History } from '../history/events.js';
import type { Scenario } from '../scenario/types.js';
import { type CheckOptions, toleranceMs } from './checker.js';
import type { Evidence, Verdict } from './verdict.js';
import { exercisedIf, withoutSignal } from './exercise.js';
import { HistoryView, answered } from './view.js';
import {
  OUTCOME_PHRASE,
  backlogClose,
  conclude,
  outcomeClause,
  relative,
  requestEvents,
  requestName,
  sinceSignal,
  withSignal,
} from './wording.js';
import { unread } from '../load/request-facts.js';
import { n, plural } from '../load/numbers.js';
import type { Invariant, LoadCount, LoadCounting } from './invariant.js';
import { acceptsOf, classifyDrop, closedListenerAtConnect } from './listen-backlog.js';

function check(history: History, scenario: Scenario, options: CheckOptions): Verdict {
  const view = new HistoryView(history, scenario);
  const signal = view.signal;
  if (!signal) return withoutSignal(view);
  const tolerance = toleranceMs(scenario.graceMs, options);
  const closedAt = closedListenerAtConnect(view);
  const accepted = acceptsOf(view);
  const violations: Evidence[] = [];
  const missing: string[] = [];
  for (const a of view.attempts) {
    if (!view.afterSignal(a.connect) || a.refused) continue;
    const opened = `opened ${sinceSignal(view, a.connect)}`;
    const closed = closedAt.get(a);
    // With an agent, accepted means the target accepted it: the agent stamps the listener's close as
    // close() begins, so a client can still connect in the instant after, into the backlog.
    if (closed && a.connected && (!view.hasAgent || accepted.has(a))) {
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
      const drop = classifyDrop(view, a, { ...r, outcome: r.outcome }, accepted, options.settleMs);
      const events = requestEvents(view, r);
      switch (drop.kind) {
        case 'backlog-race':
          break;
        case 'accepted':
          violations.push({
            events: withSignal(view, events),
            message: `${requestName(r)} went out on a connection ${opened} that the server accepted, and ${outcomeClause(view, r)}`,
          });
          break;
        case 'backlog-queued-before-handler': {
          const connected = a.connected ?? a.connect;
          const before = relative(connected, drop.handled, `the target's ${drop.handled.signal} handler began`);
          violations.push({
            events: withSignal(view, [...events, connected, drop.handled, drop.close]),
            message:
              `${requestName(r)} went out on a connection ${opened} that was reset from the listen backlog ` +
              `${sinceSignal(view, r.outcome)}: it connected ${before}, and the target ${backlogClose(drop.close)} ` +
              'without accepting it',
          });
          break;
        }
        case 'unaccepted-reset-while-listening':
          violations.push({
            events: withSignal(view, events),
            message:
              `${requestName(r)} went out on a connection ${opened} and ${outcomeClause(view, r)} while the target ` +
              'was still listening, though it never accepted the connection',
          });
          break;
        case 'reset-while-listening': {
          const later = `client ${drop.later.client} opened a connection ${sinceSignal(view, drop.later.connect)}`;
          violations.push({
            events: withSignal(view, [...events, drop.later.connect]),
            message:
              `${requestName(r)} went out on a connection ${opened} that the server accepted, and ${outcomeClause(view, r)} ` +
              `while the target was still listening (${later}), so no listener's close reset it`,
          });
          break;
        }
        case 'undecidable':
          missing.push(
            `${requestName(r)}, on a connection ${opened}, ${outcomeClause(view, r)}: without an agent the history ` +
              'cannot tell whether the target accepted the connection and dropped it, or the kernel reset it from ' +
              'the listen backlog as the listener closed',
          );
          break;
      }
    }
  }
  const attempts = view.attempts.filter((a) => view.afterSignal(a.connect));
  const exercise = exercisedIf(attempts.length > 0, () => `no connection was attempted after ${signal.signal}`);
  return conclude(view, violations, missing, exercise);
}

/**
 * Under load: the request that opened a connection asked for after the signal, dropped unanswered —
 * unless the server accepted it before its own handler began and closed it unread with its other idle
 * connections, which is the keep-alive race.
 */
const load = {
  failures: { 'fresh-connection': (r) => !(r.acceptedBeforeHandler === true && unread(r)) },
  count: (t): LoadCount => {
    const attempts = t.connections.attemptsAfterSignal;
    return {
      count: t.faults['no-accept-then-drop'],
      of: attempts,
      applicable: true,
      holds: `${plural(attempts, 'connection attempt')} after the signal: ${n(t.connections.refusedAfterSignal)} refused, ${n(t.connections.acceptedAfterSignal)} accepted and answered`,
      violated: `${n(t.faults['no-accept-then-drop'])} of ${plural(attempts, 'connection attempt')} after the signal were accepted and then dropped`,
    };
  },
} satisfies LoadCounting;

export const noAcceptThenDrop = {
  id: 'no-accept-then-drop',
  defaultSeverity: 'error',
  exercisedBy: 'a connection attempt after the signal',
  definition:
    'Every connection attempt after the signal is either refused or accepted and answered completely; none is ' +
    'accepted and then reset or closed unanswered, none is accepted after the listener closed, and none that ' +
    'was waiting in the listen backlog when the target began to shut down is reset there by its close.',
  advice: {
    meaning:
      'A client that connected after the signal had its connection accepted and then dropped. A refused ' +
      'connection is retried elsewhere by balancers and clients at once; an accepted-then-reset one is an error ' +
      'the user sees.',
    fix:
      'Close the listener first, so that new connections are refused by the kernel, and answer every request on ' +
      'a connection that was accepted (a 503 with `Connection: close` is an honest answer). Never destroy sockets ' +
      'as they are accepted, and poll a quit flag no slower than you can afford connections to wait. A connection ' +
      'reset from the listen backlog that was already waiting when the handler began is avoided by letting the ' +
      'event loop accept what is queued before closing the listener (a few `setImmediate` turns).',
  },
  check,
  load,
} as const satisfies Invariant;
