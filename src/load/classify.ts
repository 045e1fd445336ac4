/**
 * Which invariant a failed request of a load run breaks. Pure.
 *
 * A load run cannot afford a history per request, so each failed request is judged on its own, by the
 * same rules the checkers apply to a history (see src/checkers/*), reduced to what one request's facts
 * can show. Its outcome is one of the history's outcome classes (OUTCOMES), classified from what its
 * socket saw (classifyFailure); this file only decides whose fault it is:
 *
 * - a failure before the signal is the target's failure to serve the load at all (`before-signal`),
 *   except the keep-alive race below, which a server's idle timeout starts as well as its shutdown;
 * - what the harness's SIGKILL cut is judged by `deadline` alone, as the checkers do;
 * - `refused` after the signal is an honest answer (the listener is closed; a balancer retries it);
 * - the first request on a connection asked for after the signal that is dropped breaks
 *   `no-accept-then-drop` — unless the server accepted it before its own signal handler ran and closed
 *   it unread with its other idle connections: the keep-alive race;
 * - a stream cut after its response began breaks `stream-clean-end`;
 * - a request the server read (the agent saw it start), or whose response began, breaks
 *   `in-flight-complete`; without an agent, one whose bytes were written at least `settleMs` before the
 *   signal counts as read, as in the checkers' command mode;
 * - what is left — a request lost before any response on a connection opened before the signal, which
 *   the server closed without reading it — is the keep-alive race (`keepalive-race`, a warning: no
 *   server can remove it alone, only narrow it).
 */
import type { Outcome } from '../history/events.js';
import type { LoadKind } from './mix.js';

/** What one request's client saw, in ms since the load started (harness clock). */
export interface RequestFacts {
  kind: LoadKind;
  outcome: Outcome;
  /** when the request was handed to its connection */
  sentAt: number;
  /** when its outcome was recorded */
  endedAt: number;
  /** when the connection it went out on was asked for (the connect attempt) */
  attemptAt: number;
  /**
   * that connection was accepted before the target's own signal handler began (the agent saw it open
   * first); null when nobody can tell (no agent, no handler, no connection)
   */
  acceptedBeforeHandler: boolean | null;
  /** the connection had carried an earlier response */
  reused: boolean;
  /** its bytes were all written before the connection ended */
  bytesWritten: boolean;
  /** some byte of its response had arrived */
  responseBegun: boolean;
  /** the agent saw the server start it; null when there is no agent to ask */
  serverRead: boolean | null;
}

export interface Moments {
  /** when the signal was sent; null if it never was */
  signalAt: number | null;
  /** when the harness sent SIGKILL at the end of the grace period; null if it did not */
  killAt: number | null;
  /** without an agent: how long before the signal a written request counts as read */
  settleMs: number;
}

/** The invariants a failed request can break in a load run, plus failures before the signal. */
export type LoadFault =
  | 'before-signal'
  | 'in-flight-complete'
  | 'no-accept-then-drop'
  | 'stream-clean-end'
  | 'keepalive-race'
  | 'deadline';

export type RequestClass = { class: 'ok' } | { class: 'failed'; fault: LoadFault };

const OK: RequestClass = { class: 'ok' };
const failed = (fault: LoadFault): RequestClass => ({ class: 'failed', fault });

export function isAnswered(outcome: Outcome): boolean {
  return outcome === 'complete' || outcome === 'drain-refusal';
}

/** Lost before any byte of its answer on a reused connection the server closed without reading it. */
function lostUnread(facts: RequestFacts): boolean {
  const beforeResponse = facts.outcome === 'closed-before-response' || facts.outcome === 'reset-before-response';
  return beforeResponse && facts.reused && !facts.responseBegun && facts.serverRead !== true;
}

/** Judges one request; see the file's header for the rules, applied in this order. */
export function classifyRequest(facts: RequestFacts, moments: Moments): RequestClass {
  if (isAnswered(facts.outcome)) return OK;
  const { signalAt, killAt } = moments;
  if (signalAt === null || facts.endedAt < signalAt) {
    // A server's keep-alive timeout closes idle connections under load too, and races the next request.
    return lostUnread(facts) ? failed('keepalive-race') : failed('before-signal');
  }
  if (killAt !== null && facts.endedAt >= killAt) return failed('deadline');
  if (facts.outcome === 'refused') return OK;
  if (facts.attemptAt >= signalAt && !facts.reused) {
    // Asked for after the signal but accepted before the server's own handler began its shutdown: to
    // the server it was one more idle connection, closed unread — the keep-alive race on a fresh
    // connection, not an accept during the drain. (Under the virtual clock the handler runs within the
    // signal's step, so the checkers never meet this.)
    const unread = !facts.responseBegun && facts.serverRead !== true;
    return facts.acceptedBeforeHandler === true && unread ? failed('keepalive-race') : failed('no-accept-then-drop');
  }
  if (facts.kind === 'stream' && facts.responseBegun) return failed('stream-clean-end');
  if (facts.responseBegun || facts.serverRead === true) return failed('in-flight-complete');
  if (facts.serverRead === null && facts.bytesWritten && facts.sentAt <= signalAt - moments.settleMs) {
    return failed('in-flight-complete');
  }
  return failed('keepalive-race');
}
