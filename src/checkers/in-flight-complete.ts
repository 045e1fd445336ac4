/**
 * in-flight-complete: every request the server had received before the first signal gets a complete
 * response — status, headers and the whole body or final chunk; a 503 with `Connection: close` counts,
 * since it is a complete and honest answer. With an agent, "received" means the agent saw the request
 * start before the signal; requests the server read after the signal on a connection opened before it
 * (a connection it kept open) are in flight too. Without an agent (command mode), and for raw TCP
 * messages, which the agent does not see, a request counts as received when its bytes were fully
 * written at least `settleMs` before the signal or, on a connection opened before the signal, when a
 * response to it began. The grace period excuses two cases, both then judged by `deadline` alone: a
 * request cut by the harness's SIGKILL, and a request whose natural end (as the scenario sets it)
 * falls after the grace period's end minus the deadline tolerance, because it could not have finished
 * in time or only by a race of milliseconds. A server deadline shorter than the grace period excuses
 * nothing: it must not cut a request that would have finished within the grace period. Requests on
 * connections opened after the signal belong to `no-accept-then-drop`, and streaming responses to
 * `stream-clean-end`.
 *
 * Exercised by a request (not a stream) that was in flight at the signal: received before it and not
 * yet answered at it, or read after it on a connection the server kept open. A request answered before
 * the signal, one the grace period leaves to `deadline`, and one whose latency had no effect (see
 * exercise.ts: answered at once, answered 4xx, or not held by the agent) put nothing to the test.
 */
import type { History, HistoryEvent } from '../history/events.js';
import type { Scenario } from '../scenario/types.js';
import { type CheckOptions, toleranceMs } from './checker.js';
import type { Evidence, Verdict } from './verdict.js';
import { HistoryView, type RequestRecord, answered, naturalEnd, responseBegan } from './view.js';
import { exercisedIf, injectionMisses, isStream, missReason, withoutSignal } from './exercise.js';
import {
  OUTCOME_PHRASE,
  conclude,
  outcomeClause,
  requestEvents,
  requestName,
  sinceSignal,
  withSignal,
  leftToDeadlineBecause,
} from './wording.js';
import { readBySettling } from '../load/request-facts.js';
import { n, plural } from '../load/numbers.js';
import type { Invariant, LoadCount, LoadCounting } from './invariant.js';

type InFlightKind =
  | 'read-before'
  | 'read-after-on-open-connection'
  | 'written-before'
  | 'answered-on-open-connection';

/** Why a request is in flight, and the event that shows it. */
type InFlight = { kind: InFlightKind; shownBy: HistoryEvent };

function inFlight(view: HistoryView, r: RequestRecord, options: CheckOptions, missing: string[]): InFlight | null {
  const signal = view.signal;
  if (!signal) return null;
  const openBefore = r.attempt !== undefined && view.beforeSignal(r.attempt.connect);
  if (view.agentSees(r)) {
    // Read after the server had ended the connection: it crossed the server's FIN, and no server can
    // answer on a socket it has ended — the keep-alive race, keepalive-race's to judge.
    if (!r.started || r.started.afterServerEnd) return null;
    if (view.beforeSignal(r.started)) return { kind: 'read-before', shownBy: r.started };
    return openBefore ? { kind: 'read-after-on-open-connection', shownBy: r.started } : null;
  }
  if (r.sent && view.beforeSignal(r.sent) && signal.t - r.sent.t >= options.settleMs) {
    if (!r.outcome) {
      missing.push(`${requestName(r)} was sent ${sinceSignal(view, r.sent)} and has no recorded outcome`);
      return null;
    }
    if (r.outcome.bytesWritten) return { kind: 'written-before', shownBy: r.sent };
  }
  if (openBefore && r.outcome && responseBegan(r.outcome)) {
    return { kind: 'answered-on-open-connection', shownBy: r.outcome };
  }
  return null;
}

function sentence(view: HistoryView, r: RequestRecord, why: InFlight, wouldFinish: boolean): string {
  const name = requestName(r);
  const tail = wouldFinish ? ', though it would have finished within the grace period' : '';
  const at = sinceSignal(view, why.shownBy);
  const outcome = outcomeClause(view, r);
  switch (why.kind) {
    case 'read-before':
      return `${name} was read by the server ${at} and ${outcomeClause(view, r, 'it')}${tail}`;
    case 'read-after-on-open-connection':
      return `${name} was read by the server ${at} on a connection opened before it, and ${outcome}${tail}`;
    case 'written-before':
      return `${name} was fully written ${at} and ${outcomeClause(view, r, 'it')}${tail}`;
    case 'answered-on-open-connection': {
      const opened = `sent on a connection opened before ${view.signal?.signal ?? 'the signal'}`;
      return `${name}, ${opened}, began to get a response and ${outcome}${tail}`;
    }
  }
}

function check(history: History, scenario: Scenario, options: CheckOptions): Verdict {
  const view = new HistoryView(history, scenario);
  const signal = view.signal;
  if (!signal) return withoutSignal(view);
  const tolerance = toleranceMs(scenario.graceMs, options);
  const violations: Evidence[] = [];
  const missing: string[] = [];
  // A streaming response is judged by stream-clean-end, which knows its chunks: one cut stream is one
  // fault, reported once.
  const requests = view.requests.filter((r) => !isStream(r));
  const misses = injectionMisses(view, requests);
  const missed = new Set(misses.map((m) => m.request));
  const exercising: RequestRecord[] = [];
  const excused: RequestRecord[] = [];
  for (const r of requests) {
    const why = inFlight(view, r, options, missing);
    if (!why) continue;
    if (!r.outcome) {
      missing.push(`${requestName(r)} is in flight and has no recorded outcome`);
      continue;
    }
    if (r.outcome.outcome === 'timeout') {
      missing.push(`${requestName(r)} ${OUTCOME_PHRASE.timeout}`);
      continue;
    }
    const left = view.leftToDeadline(r, tolerance);
    if (answered(r.outcome.outcome)) {
      if (!view.afterSignal(r.outcome) || missed.has(r)) continue;
      (left ? excused : exercising).push(r);
      continue;
    }
    if (left) {
      if (view.afterSignal(r.outcome)) excused.push(r);
      continue;
    }
    violations.push({
      events: withSignal(view, requestEvents(view, r)),
      message: sentence(view, r, why, naturalEnd(r) !== undefined),
    });
  }
  const exercise = exercisedIf(exercising.length > 0, () => {
    const [cut] = excused;
    if (cut) {
      const why = leftToDeadlineBecause(view, cut, `it would have ended within ${tolerance} ms of the grace period's end or after it`);
      return `${requestName(cut)} was in flight at ${signal.signal}, but ${why}, so deadline alone judges it`;
    }
    return (
      missReason(misses) ??
      `no request was in flight at ${signal.signal}: none the server had received was still unanswered at the ` +
        'signal, and none was read after it on a connection kept open'
    );
  });
  return conclude(view, violations, missing, exercise);
}

/**
 * Under load: a request that failed after the signal, having been read by the server (the agent saw it
 * start, or, without an agent, its bytes were written settleMs before the signal) or having had its
 * response begin. A stream cut mid-body is stream-clean-end's.
 */
const load = {
  failures: {
    'after-signal': (r, moments) =>
      !(r.kind === 'stream' && r.responseBegun) && (r.responseBegun || r.serverRead === true || readBySettling(r, moments)),
  },
  count: (t): LoadCount => ({
    count: t.faults['in-flight-complete'],
    of: t.inFlightAtSignal,
    applicable: true,
    holds: `every request the server read got a complete answer (${n(t.inFlightAtSignal)} in flight at the signal)`,
    violated: `${plural(t.faults['in-flight-complete'], 'request')} the server had read got no complete answer (${n(t.inFlightAtSignal)} in flight at the signal)`,
  }),
} satisfies LoadCounting;

export const inFlightComplete = {
  id: 'in-flight-complete',
  defaultSeverity: 'error',
  exercisedBy:
    'a request (not a stream) the server had received before the signal and not yet answered at it, or read ' +
    'after it on a connection it kept open, whose latency took effect',
  definition:
    'Every request the server had received before the signal, or read afterwards on a connection it kept open, ' +
    'gets a complete response unless the grace period ends first.',
  advice: {
    meaning:
      'Every deploy fails the requests that happen to be in progress: their clients see a reset or an empty ' +
      'reply instead of an answer, and a client that retries a non-idempotent request may do the work twice.',
    fix:
      'On the signal, stop accepting but let what was accepted finish: call `server.close()` and exit from its ' +
      'callback, not from the signal handler. Keep your own deadline just below the orchestrator\'s grace period, ' +
      'and make any library timeout (http-terminator\'s `gracefulTerminationTimeout`, terminus\'s `timeout`, ' +
      'lightship\'s one-second `terminate()`) longer than your slowest request.',
  },
  check,
  load,
} as const satisfies Invariant;
