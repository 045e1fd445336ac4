/**
 * Whether a run put an invariant to the test. A checker says `holds` only of what the run exercised;
 * otherwise it says `not-exercised`, with one sentence that tells the user what was missing and, where
 * the harness can tell, what to change so that the next run exercises it.
 *
 * Injection that had no effect exercises nothing. A slow or streaming request asks for an answer that
 * takes a while — through the target's own route, or the agent's injected latency or trickle — so that
 * it is in flight (or mid-body) when the signal comes. When the answer came at once anyway, nothing was
 * in flight, and counting the request would let a server that cuts every request in flight pass. The
 * history shows three such cases:
 * - the agent reports that it could not hold or trickle the response (`injection: 'no-effect'`: the
 *   target had already written it out, answered through the raw socket, or upgraded the request);
 * - the answer was a 4xx: the route does not exist (a 404 of the fast route the injection rides on,
 *   or of a slow route misnamed in the config), so nothing ran that could take long;
 * - the answer was complete before the signal although the request's natural end (`naturalEnd`: its
 *   start plus its latency, or its chunks × interval) lies after it: the latency was not applied.
 */
import type { HistoryEvent } from '../history/events.js';
import type { Verdict } from './verdict.js';
import { notExercised } from './verdict.js';
import { type HistoryView, type RequestRecord, answered, naturalEnd } from './view.js';
import { conclude, noSignalReason, requestName, sinceSignal } from './wording.js';

/** What a run did for one invariant: put it to the test, or not (and why not). */
export type Exercise = { exercised: true } | { exercised: false; reason: string };

export const EXERCISED: Exercise = { exercised: true };

export function notExercisedBecause(reason: string): Exercise {
  return { exercised: false, reason };
}

/** The run exercised the invariant if any of these did; otherwise the reason given. */
export function exercisedIf(any: boolean, reason: () => string): Exercise {
  return any ? EXERCISED : notExercisedBecause(reason());
}

/** A keep-alive client's entry for this request, if the request is one of a keep-alive client's. */
function keepAliveEntry(r: RequestRecord): object | undefined {
  return r.spec?.kind === 'keep-alive' || r.spec?.kind === 'https' || r.spec?.kind === 'h2' ? r.spec.requests[r.request] : undefined;
}

/** The request asked for a streamed answer: a stream client's, or a keep-alive request with a stream. */
export function isStream(r: RequestRecord): boolean {
  if (r.spec?.kind === 'stream') return true;
  const entry = keepAliveEntry(r);
  return entry !== undefined && 'stream' in entry && entry.stream !== undefined;
}

/** Why one request whose latency or trickle had no effect exercises nothing: what happened, and the fix. */
export interface InjectionMiss {
  request: RequestRecord;
  /** "the slow request 0 of client A was answered 404 at once: the route does not exist or …" */
  said: string;
  /** "name the target's slow route in the config (routes.slow)" */
  fix: string;
  /** the request's events, in history order; the first places the miss in the history */
  events: HistoryEvent[];
}

/**
 * Whether the latency or trickle a request asked for had no effect (see the header); null when it
 * took effect, when the request asked for none, or when the history cannot tell yet.
 */
export function injectionMiss(view: HistoryView, r: RequestRecord): InjectionMiss | null {
  const end = naturalEnd(r);
  if (end === undefined) return null;
  const stream = isStream(r);
  const what = `the ${stream ? 'streaming' : 'slow'} ${requestName(r)}`;
  const fix = stream
    ? "name the target's stream route in the config (routes.stream)"
    : "name the target's slow route in the config (routes.slow)";
  const effect = stream ? 'the trickle' : 'the latency';
  const o = r.outcome;
  const events = [r.sent, r.started, r.finished, o]
    .filter((e): e is NonNullable<typeof e> => e !== undefined)
    .sort((a, b) => view.pos(a) - view.pos(b));
  if (r.finished?.injection === 'no-effect') {
    const verb = stream ? 'trickle' : 'hold';
    const said = `the agent could not ${verb} the answer to ${what}: the target had already written it out`;
    return { request: r, said, fix, events };
  }
  if (o?.status !== undefined && o.status >= 400 && o.status < 500) {
    const when = r.sent && o.t === r.sent.t ? ' at once' : ` ${sinceSignal(view, o)}`;
    const said = `${what} was answered ${o.status}${when}: the route does not exist or ${effect} was not applied`;
    return { request: r, said, fix, events };
  }
  const signal = view.signal;
  if (signal && o && answered(o.outcome) && view.beforeSignal(o) && end > signal.t) {
    const status = o.status !== undefined ? ` ${o.status}` : '';
    const due = `${Math.round(end - signal.t)} ms after ${signal.signal}`;
    const said =
      `${what} was answered${status} ${sinceSignal(view, o)}, though it should have lasted until ${due}: ` +
      `${effect} was not applied`;
    return { request: r, said, fix, events };
  }
  return null;
}

/**
 * The misses among these requests that matter at the signal, in history order: those sent before it
 * whose natural end lies after it, which would have been in flight (or mid-body) at the signal had
 * their latency or trickle taken effect.
 */
export function injectionMisses(view: HistoryView, requests: readonly RequestRecord[]): InjectionMiss[] {
  const signal = view.signal;
  if (!signal) return [];
  return requests
    .filter((r) => r.sent !== undefined && view.beforeSignal(r.sent) && (naturalEnd(r) ?? -Infinity) > signal.t)
    .map((r) => injectionMiss(view, r))
    .filter((m): m is InjectionMiss => m !== null)
    .sort((a, b) => first(view, a) - first(view, b));
}

function first(view: HistoryView, m: InjectionMiss): number {
  const [e] = m.events;
  return e ? view.pos(e) : -1;
}

/** One sentence naming the first miss, how many more there were, and the fix. */
export function missReason(misses: readonly InjectionMiss[]): string | undefined {
  const [first] = misses;
  if (!first) return undefined;
  const more = misses.length > 1 ? ` (and ${misses.length - 1} more like it)` : '';
  return `${first.said}${more}; ${first.fix}`;
}

/**
 * The verdict of a checker that needs the signal, for a history without one: a target that exited
 * before the signal was due exercised nothing (clean-exit judges that exit); any other history
 * without a signal is one the harness failed to complete, so the verdict is `unknown`.
 */
export function withoutSignal(view: HistoryView): Verdict {
  const exit = view.exit;
  if (exit && exit.t <= view.scenario.signalAt && !view.watchdog) return notExercised(noSignalReason(view));
  return conclude(view, [], [noSignalReason(view)], EXERCISED);
}
