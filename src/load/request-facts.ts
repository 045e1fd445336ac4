/**
 * What load mode knows of one failed request, and the stage of the shutdown it failed in. Pure.
 *
 * A load run cannot afford a history per request, so each failed request is judged on its own, by the
 * same rules the checkers apply to a history, reduced to what one request's facts can show. The stages
 * below are disjoint; each invariant's definition (src/checkers/*) says which requests of which stage
 * break it.
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

/**
 * When a failed request failed: before the signal (or with none sent); at or after the harness's
 * SIGKILL; on a fresh connection asked for after the signal; or otherwise after the signal, in flight
 * at it or sent on a connection opened before it.
 */
export type FailureStage = 'before-signal' | 'cut-by-kill' | 'fresh-connection' | 'after-signal';

export function isAnswered(outcome: Outcome): boolean {
  return outcome === 'complete' || outcome === 'drain-refusal';
}

/**
 * The stage a request failed in; null for a request that did not fail: one answered, or refused after
 * the signal, which is an honest answer (the listener is closed; a balancer retries it).
 */
export function failureStage(facts: RequestFacts, moments: Moments): FailureStage | null {
  if (isAnswered(facts.outcome)) return null;
  const { signalAt, killAt } = moments;
  if (signalAt === null || facts.endedAt < signalAt) return 'before-signal';
  if (killAt !== null && facts.endedAt >= killAt) return 'cut-by-kill';
  if (facts.outcome === 'refused') return null;
  if (facts.attemptAt >= signalAt && !facts.reused) return 'fresh-connection';
  return 'after-signal';
}

/** No byte of its answer came, and the server never started it. */
export function unread(facts: RequestFacts): boolean {
  return !facts.responseBegun && facts.serverRead !== true;
}

/** Lost before any byte of its answer on a reused connection the server closed without reading it. */
export function lostUnread(facts: RequestFacts): boolean {
  const beforeResponse = facts.outcome === 'closed-before-response' || facts.outcome === 'reset-before-response';
  return beforeResponse && facts.reused && unread(facts);
}

/**
 * Without an agent, a request whose bytes were all written at least `settleMs` before the signal
 * counts as read, as in the checkers' command mode.
 */
export function readBySettling(facts: RequestFacts, moments: Moments): boolean {
  const { signalAt } = moments;
  return facts.serverRead === null && facts.bytesWritten && signalAt !== null && facts.sentAt <= signalAt - moments.settleMs;
}
