import type { EventOf, Outcome, Stamp } from '../history/events.js';
import type { Exercise } from './exercise.js';
import type { HistoryView, RequestRecord } from './view.js';
import { type Evidence, type Verdict, holds, notExercised, unknown, violated } from './verdict.js';

/** How an outcome reads after "request 0 of client A". */
export const OUTCOME_PHRASE: Readonly<Record<Outcome, string>> = {
  complete: 'got a complete response',
  refused: 'was refused',
  'reset-before-response': 'was reset before any response',
  'closed-before-response': 'was closed (FIN) before any response',
  'reset-mid-response': 'was reset mid-response',
  truncated: 'was cut off mid-body (EOF)',
  'drain-refusal': 'was refused with 503 and Connection: close',
  timeout: 'was still unanswered when the run ended',
  'stream-refused': 'was refused unprocessed on its HTTP/2 session (REFUSED_STREAM or GOAWAY)',
};

/**
 * What ended a listener a connection was still queued on, after "the target": Linux resets what is
 * left in the accept queue when the listening socket closes, by close() or by the process's exit.
 */
export function backlogClose(close: EventOf<'listener-closed'> | EventOf<'target-exited'>): string {
  return close.type === 'listener-closed' ? 'closed its listener' : 'exited';
}

/** Text from the target (an exception message) made fit for one sentence: one line, bounded. */
export function oneLine(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function requestName(r: { client: string; request: number; sent?: { retry?: true } }): string {
  const retry = r.sent?.retry ? ' (sent again on a new HTTP/2 session, its first stream refused unprocessed)' : '';
  return `request ${r.request} of client ${r.client}${retry}`;
}

function ms(n: number): string {
  return `${Math.round(n)} ms`;
}

/**
 * A time relative to an event, such as the signal: "40 ms before SIGTERM", "12 ms after it". `name` is
 * how the reference is called in this part of the sentence.
 */
export function relative(e: Stamp, ref: Stamp, name: string): string {
  if (e.t < ref.t) return `${ms(ref.t - e.t)} before ${name}`;
  if (e.t > ref.t) return `${ms(e.t - ref.t)} after ${name}`;
  if (e.step < ref.step) return `just before ${name}`;
  if (e.step > ref.step) return `just after ${name}`;
  return name === 'it' ? 'at that same moment' : `at the moment of ${name}`;
}

/** Relative to the first signal, named after it. */
export function sinceSignal(view: HistoryView, e: Stamp, name?: string): string {
  const signal = view.signal;
  if (!signal) return `at ${ms(e.t)}`;
  return relative(e, signal, name ?? signal.signal);
}

/** "was reset before any response 12 ms after SIGTERM" */
export function outcomeClause(view: HistoryView, r: RequestRecord, name?: string): string {
  if (!r.outcome) return 'has no recorded outcome';
  return `${OUTCOME_PHRASE[r.outcome.outcome]} ${sinceSignal(view, r.outcome, name)}`;
}

/** The request's own events, in history order. */
export function requestEvents(view: HistoryView, r: RequestRecord): Evidence['events'] {
  const first = r.firstTry ? [r.firstTry.sent, r.firstTry.outcome] : [];
  const events = [...first, r.attempt?.connect, r.sent, r.started, r.head, r.finished, r.outcome].filter(
    (e): e is NonNullable<typeof e> => e !== undefined,
  );
  return events.sort((a, b) => view.pos(a) - view.pos(b));
}

/** The signal plus these events, in history order, without duplicates. */
export function withSignal(view: HistoryView, events: Evidence['events']): Evidence['events'] {
  const all = new Set([...(view.signal ? [view.signal] : []), ...events]);
  return [...all].sort((a, b) => view.pos(a) - view.pos(b));
}

/**
 * The verdict from what a checker found. A proven violation stands even if other evidence is missing;
 * without one, any missing evidence (or a run the watchdog cut short) makes the verdict `unknown`;
 * without that, the invariant holds only if the run exercised it, and is `not-exercised` otherwise.
 */
export function conclude(view: HistoryView, violations: Evidence[], missing: string[], exercise: Exercise): Verdict {
  if (violations.length > 0) return violated(violations);
  const reasons = [...(view.watchdog ? [`the run was cut short (${view.watchdog.reason})`] : []), ...missing];
  if (reasons.length > 0) return unknown(reasons.join('; '));
  return exercise.exercised ? holds() : notExercised(exercise.reason);
}

/** Why a checker that needs the signal cannot judge this history. */
export function noSignalReason(view: HistoryView): string {
  const exit = view.exit;
  if (exit && exit.t <= view.scenario.signalAt) {
    return `no signal was sent: the target exited ${ms(view.scenario.signalAt - exit.t)} before it was due`;
  }
  return 'the history has no signal';
}

/**
 * Why a request the grace period excused is left to `deadline`: the operator's stop cut it (the
 * SIGKILL, or an escalating second signal; see HistoryView.hardStop), or its natural end fell near or
 * past the grace period's end (`late` says how).
 */
export function leftToDeadlineBecause(view: HistoryView, r: RequestRecord, late: string): string {
  if (!view.cutByKill(r)) return late;
  const stop = view.hardStop;
  return stop?.type === 'signal-sent'
    ? `the second signal, ${stop.signal}, ended the target, as its default action does, and cut it`
    : 'the SIGKILL at the end of the grace period cut it';
}
