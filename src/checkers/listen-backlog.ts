/**
 * How no-accept-then-drop tells a connection the target accepted and dropped from one the kernel
 * reset in the target's listen backlog. Pure.
 *
 * The kernel completes the TCP handshake before the application calls accept():
 * a client is connected while its connection waits in the listener's accept queue, and when the
 * listening socket closes — `server.close()`, or the process's exit — Linux resets every connection
 * still queued (inet_csk_listen_stop() disconnects each child, and tcp_disconnect() sends RST). The
 * client sees connect-then-reset, as it would for a connection accepted and dropped; with an agent,
 * which reports every connection the target accepts, the history tells the two apart. A connection
 * reset before any response at the listener's close (or at the exit) that the target never accepted is
 * a backlog reset, and it is the target's fault only when the target had the connection in hand:
 * - the connection was already waiting when the target's handler for the signal began (the client saw
 *   it connected before `signal-handled`): then the target closed its listener on a connection that
 *   reached it before it decided to stop. A Node server avoids that by letting the event loop poll the
 *   listener a few more times before closing it (libuv accepts until the queue is empty), as
 *   scenarios/reference.js does (reports/reference-soak.md has the measurements).
 * - a connection that completed its handshake after the handler began, in the last turns before the
 *   close, is not: no server can accept a connection that arrives in the same instant as its close,
 *   and any server that stops listening while traffic still arrives — Go's `Shutdown` closes its
 *   listeners first, a server that keeps listening until it exits only moves the moment — resets what
 *   the kernel queued in that instant, in proportion to the traffic. Only the sender can remove it, by
 *   sending no more traffic before the listener closes (the kubernetes profile: readiness fails, the
 *   endpoints go, then the listener closes). Such an attempt counts as put to the test and is no
 *   violation.
 * A target that is not accepting at all while still listening (its event loop blocked after the
 * handler began) leaves what arrives meanwhile in the queue, to be reset at the close; the history
 * does not show when the target polled its listener, so that case is not told apart from the last
 * instant's race. A connection the target never accepted that is reset while it still listens is no
 * backlog reset (Linux drops, not resets, what overflows a queue by default), and is a violation.
 *
 */
import { listenerKey } from '../history/listener-key.js';
import type { EventOf, HistoryEvent } from '../history/events.js';
import { type Attempt, HistoryView, type RequestRecord, answered } from './view.js';

/** What closed the listener a queued connection waited on: its close, or the target's exit. */
type BacklogClose = EventOf<'listener-closed'> | EventOf<'target-exited'>;

/**
 * How a request on a connection opened after the signal came to be reset or closed unanswered, and
 * whose doing it was.
 */
export type Drop =
  /** the target accepted the connection (the agent saw it; without one, the server answered or sent FIN) */
  | { kind: 'accepted' }
  /** reset from the listen backlog after the handler began: the kernel's race at the close */
  | { kind: 'backlog-race'; close: BacklogClose }
  /** reset from the listen backlog, though it was waiting before the target's handler began */
  | { kind: 'backlog-queued-before-handler'; close: BacklogClose; handled: EventOf<'signal-handled'> }
  /** with an agent: never accepted, and reset while the target still listened */
  | { kind: 'unaccepted-reset-while-listening' }
  /** without an agent: reset while a later attempt shows the listener still open */
  | { kind: 'reset-while-listening'; later: Attempt }
  /** without an agent: a reset before any response that could be either */
  | { kind: 'undecidable' };

/** For each attempt, the `listener-closed` that left the target with no open listener, if one had. */
export function closedListenerAtConnect(view: HistoryView): Map<Attempt, EventOf<'listener-closed'>> {
  const result = new Map<Attempt, EventOf<'listener-closed'>>();
  const byConnect = new Map<HistoryEvent, Attempt>(view.attempts.map((a) => [a.connect, a]));
  const open = new Set<string>();
  let lastClosed: EventOf<'listener-closed'> | undefined;
  for (const e of view.events) {
    if (e.type === 'listening') {
      open.add(listenerKey(e));
      lastClosed = undefined;
    } else if (e.type === 'listener-closed') {
      open.delete(listenerKey(e));
      if (open.size === 0) lastClosed = e;
    } else if (e.type === 'client-connect' && lastClosed) {
      const attempt = byConnect.get(e);
      if (attempt) result.set(attempt, lastClosed);
    }
  }
  return result;
}

/** In a cluster tree: each listener-closed that left no worker listening, in order. */
function lastClosesOfTree(view: HistoryView): EventOf<'listener-closed'>[] {
  const open = new Set<string>();
  const closes: EventOf<'listener-closed'>[] = [];
  for (const e of view.events) {
    if (e.type === 'listening') open.add(listenerKey(e));
    if (e.type === 'listener-closed') {
      open.delete(listenerKey(e));
      if (open.size === 0) closes.push(e);
    }
  }
  return closes;
}

/** The attempt's connection was over (refused, ended, or a request on it failed) before `e`. */
function overBefore(view: HistoryView, a: Attempt, e: HistoryEvent): boolean {
  const ends = [a.refused, a.ended, ...a.requests.map((r) => r.outcome)].filter(
    (x): x is NonNullable<typeof x> => x !== undefined && (x.type !== 'request-outcome' || !answered(x.outcome)),
  );
  return ends.some((x) => view.before(x, e));
}

/**
 * The target's accept of each attempt. The agent names the client of each connection it accepts, not
 * the attempt, so each accept goes to that client's earliest attempt begun before it, not yet paired
 * and not already over: the kernel's accept queue is first in, first out, and a connection that was
 * reset can no longer be accepted.
 */
export function acceptsOf(view: HistoryView): Map<Attempt, EventOf<'server-connection-opened'>> {
  const result = new Map<Attempt, EventOf<'server-connection-opened'>>();
  for (const opened of view.ofType('server-connection-opened')) {
    const attempt = view.attempts.find(
      (a) =>
        a.client === opened.client &&
        !result.has(a) &&
        view.before(a.connect, opened) &&
        !overBefore(view, a, opened),
    );
    if (attempt) result.set(attempt, opened);
  }
  return result;
}

/**
 * The close that reset a connection still queued on the listener the harness drives (the first the
 * target opened): the listener's last close before the reset, or else the target's exit. The agent
 * stamps the close as close() begins, so the attempt may have begun just after that stamp and still
 * have connected. The harness records the exit once the kernel has torn the process down, which is
 * after it reset the queue, so a reset recorded up to `settleMs` before the exit counts as the exit's.
 */
function backlogCloseOf(view: HistoryView, a: Attempt, reset: HistoryEvent, settleMs: number): BacklogClose | undefined {
  const first = view.ofType('listening')[0];
  // In a node:cluster tree the queue is the primary's, closed once no worker listens any more.
  const closed =
    first?.proc !== undefined
      ? lastClosesOfTree(view).filter((c) => view.before(c, reset)).at(-1)
      : view
          .ofType('listener-closed')
          .filter((c) => first !== undefined && listenerKey(c) === listenerKey(first) && view.before(c, reset))
          .at(-1);
  if (closed) return closed;
  const exit = view.exit;
  if (exit && view.before(a.connect, exit) && (view.before(exit, reset) || exit.t - reset.t <= settleMs)) return exit;
  return undefined;
}

/** The first run of the target's own handler for the first signal. */
function handlerStart(view: HistoryView): EventOf<'signal-handled'> | undefined {
  const signal = view.signal;
  return view.ofType('signal-handled').find((e) => signal && e.signal === signal.signal && view.afterSignal(e));
}

/** How a request on a connection opened after the signal came to be dropped (see Drop). */
export function classifyDrop(
  view: HistoryView,
  a: Attempt,
  r: RequestRecord & { outcome: EventOf<'request-outcome'> },
  accepted: ReadonlyMap<Attempt, HistoryEvent>,
  settleMs: number,
): Drop {
  // A queued connection is only ever reset: an answer, a FIN or a cut body means the server had it.
  if (r.outcome.outcome !== 'reset-before-response') return { kind: 'accepted' };
  if (view.hasAgent) {
    if (accepted.has(a)) return { kind: 'accepted' };
    const close = backlogCloseOf(view, a, r.outcome, settleMs);
    if (!close) return { kind: 'unaccepted-reset-while-listening' };
    const handled = handlerStart(view);
    if (handled && a.connected && view.before(a.connected, handled)) {
      return { kind: 'backlog-queued-before-handler', close, handled };
    }
    return { kind: 'backlog-race', close };
  }
  const reset = r.outcome;
  const later = view.attempts.find((b) => b.connected !== undefined && view.before(reset, b.connect));
  return later ? { kind: 'reset-while-listening', later } : { kind: 'undecidable' };
}
