/**
 * http2-goaway: an HTTP/2 server that stops tells each session with GOAWAY (RFC 9113 §6.8), and keeps
 * its word. Every HTTP/2 session open at the first signal receives a GOAWAY before its connection
 * ends; no stream with an id up to the last stream id of the final GOAWAY it received is then reset
 * or cut, for the server said it would process those; a stream opened after the first GOAWAY is
 * refused unprocessed (REFUSED_STREAM, or not sent by a client that saw the GOAWAY), or answered,
 * never taken and then dropped.
 *
 * HTTP/2 has no `Connection: close`: without a GOAWAY, a client cannot tell which of its streams the
 * server took, and which it may retry elsewhere (RFC 9113 §8.7). RFC 9113 §6.8 recommends two GOAWAYs,
 * the first with the largest stream id (2^31-1), the second after a round trip with the real one; one
 * GOAWAY is enough for this invariant, and the last one received is the one whose id counts.
 *
 * What Node 20 sends (measured on Node 20.20 with node:http2's own client): `session.close()` sends
 * GOAWAY (NO_ERROR) with the last stream id the session has taken at once, and another with the same
 * id as the session ends, then FIN; `session.destroy()` sends GOAWAY (NO_ERROR) and ends the
 * connection at once, so streams up to its id are cut (CANCEL on the client's side); and
 * `server.close()` sends nothing: it stops the listener and leaves each open session taking streams.
 *
 * Like websocket-going-away, no grace-period excuse: a session still open at the SIGKILL never got
 * its GOAWAY. A stream the SIGKILL cut is deadline's to judge, and an escalating second signal's stop
 * the operator's.
 *
 * An h2 client replaces a session told to go away with a new one (see clients/h2.ts). A session opened
 * during the drain owes no GOAWAY — whether it should have been accepted at all is no-accept-then-drop's
 * to judge — but a GOAWAY it received binds the server as the first session's does. Exercised by an h2
 * client's session open at the signal, or one opened during the drain that received a GOAWAY.
 */
import type { EventOf, History } from '../history/events.js';
import type { Scenario } from '../scenario/types.js';
import type { CheckOptions } from './checker.js';
import type { Evidence, Verdict } from './verdict.js';
import { type Attempt, HistoryView, type RequestRecord } from './view.js';
import { exercisedIf, withoutSignal } from './exercise.js';
import { conclude, outcomeClause, requestEvents, requestName, sinceSignal, withSignal } from './wording.js';
import type { Invariant } from './invariant.js';

/** Outcomes of a stream the server took and did not answer. */
const DROPPED = new Set(['reset-before-response', 'closed-before-response', 'reset-mid-response', 'truncated']);

function check(history: History, scenario: Scenario, _options: CheckOptions): Verdict {
  const view = new HistoryView(history, scenario);
  const signal = view.signal;
  if (!signal) return withoutSignal(view);
  const violations: Evidence[] = [];
  const missing: string[] = [];
  let judged = 0;
  for (const a of view.attempts) {
    if (view.specOf(a.client)?.kind !== 'h2' || !a.connected || (a.ended && view.beforeSignal(a.ended))) continue;
    if (view.beforeSignal(a.connected)) {
      judged++;
      judgeSession(view, a, violations, missing);
    } else if (goawaysOf(view, a).length > 0) {
      // A session opened during the drain (a client replacing the one told to go away) owes no GOAWAY,
      // since no-accept-then-drop judges whether it should have been accepted; but a GOAWAY it got must
      // be kept like any other.
      judged++;
      judgeStreams(view, a, goawaysOf(view, a), violations);
    }
  }
  const exercise = exercisedIf(judged > 0, () => noSessionReason(view, signal.signal));
  return conclude(view, violations, missing, exercise);
}

function judgeSession(view: HistoryView, a: Attempt, violations: Evidence[], missing: string[]): void {
  const name = `the HTTP/2 session${a.session !== undefined && a.session > 1 ? ` ${a.session}` : ''} of client ${a.client}`;
  const { connected, ended } = a;
  const goaways = goawaysOf(view, a);
  const first = goaways[0];
  const last = goaways.at(-1);
  const stop = view.hardStop;
  if (!first || !last) {
    if (ended && stop?.type === 'signal-sent' && view.before(stop, ended)) return;
    if (ended && (ended.by === 'server' || (stop !== undefined && view.before(stop, ended)))) {
      violations.push({
        events: withSignal(view, [...(connected ? [connected] : []), ended]),
        message: `${name} ended ${sinceSignal(view, ended)} with ${ended.how.toUpperCase()} from the ${ended.by} and no GOAWAY before it`,
      });
    } else if (ended) {
      missing.push(`${name} was ended by the client ${sinceSignal(view, ended)} (the run's end) before any GOAWAY`);
    } else {
      missing.push(`the history ends with ${name} open and no GOAWAY received`);
    }
    return;
  }
  judgeStreams(view, a, goaways, violations);
}

/** The GOAWAYs a session received: those naming it, or, in a history without session numbers, those while it was open. */
function goawaysOf(view: HistoryView, a: Attempt): EventOf<'goaway-received'>[] {
  const { connected, ended } = a;
  return view
    .ofType('goaway-received')
    .filter(
      (g) =>
        g.client === a.client &&
        (g.session !== undefined ? g.session === a.session : connected !== undefined && view.before(connected, g) && (!ended || view.before(g, ended))),
    );
}

/** No stream the GOAWAY promised is dropped, and none opened after it is taken and dropped. */
function judgeStreams(view: HistoryView, a: Attempt, goaways: readonly EventOf<'goaway-received'>[], violations: Evidence[]): void {
  const first = goaways[0];
  const last = goaways.at(-1);
  if (!first || !last) return;
  for (const r of view.requests.filter((q) => q.client === a.client && q.attempt === a)) {
    const streamId = r.sent?.streamId;
    const outcome = r.outcome;
    if (streamId === undefined || !outcome || !DROPPED.has(outcome.outcome) || view.cutByKill(r)) continue;
    const afterGoaway = r.sent !== undefined && view.before(first, r.sent);
    if (afterGoaway || streamId > last.lastStreamId) {
      violations.push(dropped(view, r, first, `was opened after the GOAWAY ${sinceSignal(view, first)}, taken, and`));
    } else {
      violations.push(dropped(view, r, last, `has id ${streamId}, within the last stream id ${last.lastStreamId} of the GOAWAY ${sinceSignal(view, last)}, and`));
    }
  }
}

function dropped(view: HistoryView, r: RequestRecord, goaway: EventOf<'goaway-received'>, what: string): Evidence {
  const code = r.outcome?.rstCode !== undefined ? ` (stream error code ${r.outcome.rstCode})` : '';
  return {
    events: withSignal(view, [goaway, ...requestEvents(view, r)]),
    message: `${requestName(r)}, on HTTP/2 stream ${r.sent?.streamId ?? '?'}, ${what} ${outcomeClause(view, r)}${code}`,
  };
}

function noSessionReason(view: HistoryView, signal: string): string {
  const none = `no HTTP/2 session was open at ${signal}`;
  if (!view.scenario.clients.some((c) => c.kind === 'h2')) return `${none}: the scenario has no h2 client`;
  const opened = view.attempts.some((a) => a.connected !== undefined && view.specOf(a.client)?.kind === 'h2');
  return opened ? `${none}: each opened after it or had ended before it` : `${none}: no h2 client's connection was accepted`;
}

export const http2Goaway = {
  id: 'http2-goaway',
  defaultSeverity: 'error',
  exercisedBy: 'an HTTP/2 session open at the signal, or one opened during the drain that received a GOAWAY',
  definition:
    'Every HTTP/2 session open at the signal receives a GOAWAY before its connection ends; no stream up to the ' +
    "GOAWAY's last stream id is then reset, and a stream opened after it is refused (REFUSED_STREAM), not taken and dropped.",
  advice: {
    meaning:
      'HTTP/2 clients lost their connection without a GOAWAY, or had streams the server had taken cut: a client ' +
      'cannot tell which requests were processed, so it fails them or retries requests that were not safe to retry.',
    fix:
      'On shutdown call `session.close()` on every open session (keep them from the `session` event): Node sends ' +
      "GOAWAY with the last stream it took, answers those streams, then closes. `server.close()` alone sends no GOAWAY on Node 20, " +
      'and `session.destroy()` cuts the streams it has just promised to answer.',
  },
  check,
  load: { notCounted: 'load mode drives HTTP/1.1 and WebSocket clients only' },
} as const satisfies Invariant;
