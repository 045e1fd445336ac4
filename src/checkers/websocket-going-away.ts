/**
 * websocket-going-away: every WebSocket client whose connection was open at the first signal receives
 * a close frame with an accepted code (by default 1001 "going away" or 1012 "service restart", RFC
 * 6455 §7.4.1) before its TCP connection ends. Code 1006 is never sent on the wire: the client reports
 * it when the connection ended with no close frame at all, which is what a server that exits, calls
 * `closeAllConnections()`, or is SIGKILLed does to its WebSockets; `ws` 8's `WebSocketServer.close()`
 * sends no close frame either. There is no grace-period excuse: a WebSocket still open at the SIGKILL
 * means the server never said goodbye. A WebSocket cut when an escalating second signal (SIGINT after
 * SIGTERM) killed a target without a handler for it is not judged: that stop was the operator's.
 * WebSockets opened after the signal are not judged here.
 *
 * Exercised by a WebSocket whose handshake got 101 (the client saw it open) and that was open at the
 * signal. A handshake answered otherwise opened nothing, and the not-exercised reason says so.
 */
import type { History } from '../history/events.js';
import type { Scenario } from '../scenario/types.js';
import type { CheckOptions } from './checker.js';
import type { Evidence, Verdict } from './verdict.js';
import { HistoryView } from './view.js';
import { exercisedIf, withoutSignal } from './exercise.js';
import { conclude, outcomeClause, sinceSignal, withSignal } from './wording.js';
import { n, plural } from '../load/numbers.js';
import type { Invariant, LoadCount, LoadCounting } from './invariant.js';

/** RFC 6455 §7.4.1: reserved for "no close frame was received". */
const NO_CLOSE_FRAME = 1006;

function check(history: History, scenario: Scenario, options: CheckOptions): Verdict {
  const view = new HistoryView(history, scenario);
  const signal = view.signal;
  if (!signal) return withoutSignal(view);
  const violations: Evidence[] = [];
  const missing: string[] = [];
  const accepted = options.websocketCloseCodes.join(' or ');
  let openAtSignal = 0;
  for (const a of view.attempts) {
    if (view.specOf(a.client)?.kind !== 'websocket') continue;
    if (!a.connected || !view.beforeSignal(a.connected)) continue;
    const { ended, websocketClosed: closed } = a;
    if ((ended && view.beforeSignal(ended)) || (closed && view.beforeSignal(closed))) continue;
    // An escalating second signal (SIGINT after SIGTERM) that killed the target by its default action
    // is the operator's stop, not the drain's: a WebSocket it cut proves nothing about the shutdown code.
    // The SIGKILL at the grace end is no excuse: the server had the whole grace period to say goodbye.
    const stop = view.hardStop;
    if (stop?.type === 'signal-sent' && closed && view.before(stop, closed)) continue;
    openAtSignal++;
    const name = `the WebSocket of client ${a.client}`;
    const events = withSignal(view, [a.connect, a.connected, ...(closed ? [closed] : []), ...(ended ? [ended] : [])]);
    if (!closed) {
      missing.push(
        ended
          ? `${name} ended ${sinceSignal(view, ended)} without a recorded close code`
          : `the history ends with ${name} open and no end recorded`,
      );
      continue;
    }
    const acceptedCode = options.websocketCloseCodes.includes(closed.code);
    if (!acceptedCode && ended?.by === 'client') {
      // The client ends a WebSocket only when the harness tears the run down: not the server's doing.
      missing.push(`${name} was closed by the client ${sinceSignal(view, ended)}, before the server closed it`);
      continue;
    }
    if (closed.code === NO_CLOSE_FRAME) {
      violations.push({ events, message: `${name} ended ${sinceSignal(view, closed)} with no close frame (1006)` });
    } else if (!acceptedCode) {
      violations.push({
        events,
        message: `${name} was closed ${sinceSignal(view, closed)} with code ${closed.code}, not ${accepted}`,
      });
    } else if (ended && view.before(ended, closed)) {
      const endedAt = sinceSignal(view, ended);
      violations.push({
        events,
        message: `${name}'s TCP connection ended ${endedAt}, before its close frame ${closed.code} was recorded`,
      });
    }
  }
  const exercise = exercisedIf(openAtSignal > 0, () => noWebSocketReason(view, signal.signal));
  return conclude(view, violations, missing, exercise);
}

/**
 * Why no WebSocket was open at the signal. A handshake answered with anything but 101 opened no
 * WebSocket (RFC 6455 §4.1: the client fails the connection), which usually means the path has no
 * WebSocket endpoint: that is said first, since the config's routes.websocket fixes it.
 */
function noWebSocketReason(view: HistoryView, signal: string): string {
  const handshakes = view.requests.filter((r) => r.spec?.kind === 'websocket' && r.request === 0);
  const rejected = handshakes.find((r) => r.outcome?.status !== undefined && r.outcome.status !== 101);
  if (rejected?.outcome?.status !== undefined) {
    const path = rejected.sent?.path ?? '/';
    return (
      `the WebSocket handshake of client ${rejected.client} to ${path} was answered ${rejected.outcome.status}: ` +
      "no WebSocket endpoint there; name it in the config's routes.websocket"
    );
  }
  const failed = handshakes.find((r) => r.outcome !== undefined && r.outcome.status === undefined);
  if (failed?.outcome) {
    return `no WebSocket was open at ${signal}: the handshake of client ${failed.client} ${outcomeClause(view, failed)}`;
  }
  const none = `no WebSocket was open at ${signal}`;
  const opened = view.attempts.some((a) => a.connected !== undefined && view.specOf(a.client)?.kind === 'websocket');
  if (opened) return `${none}: each opened after it or had closed before it`;
  const clients = view.scenario.clients.some((c) => c.kind === 'websocket');
  return clients ? `${none}: no WebSocket client opened one` : `${none}: the scenario has no WebSocket client`;
}

/** Under load: the WebSockets open at the signal, by the close code each got before any SIGKILL. */
const load = {
  count: (t, run): LoadCount => {
    const ws = t.websockets;
    const clean = run.cleanCloseCodes.join(' or ');
    const cleanCloses = Object.entries(ws.closes)
      .filter(([code]) => run.cleanCloseCodes.includes(Number(code)))
      .reduce((sum, [, count]) => sum + count, 0);
    return {
      count: ws.unclean,
      of: ws.openAtSignal,
      applicable: run.settings.split.websocket > 0 && t.moments.signalAt !== null,
      holds: `${n(cleanCloses)} of ${plural(ws.openAtSignal, 'WebSocket')} open at the signal closed with ${clean}`,
      violated: `${n(ws.unclean)} of ${plural(ws.openAtSignal, 'WebSocket')} open at the signal closed without ${clean} (${closeCodes(ws.closes)})`,
    };
  },
} satisfies LoadCounting;

function closeCodes(closes: Record<string, number>): string {
  const parts = Object.entries(closes).map(([code, count]) => `${code}: ${n(count)}`);
  return parts.length > 0 ? parts.join(', ') : 'none closed';
}

export const websocketGoingAway = {
  id: 'websocket-going-away',
  defaultSeverity: 'error',
  exercisedBy: 'a WebSocket whose handshake got 101, open at the signal',
  definition:
    'Every WebSocket open at the signal gets a close frame with an accepted code (1001 or 1012 by default) before ' +
    'its TCP connection ends, never an abrupt 1006.',
  advice: {
    meaning:
      'WebSocket clients saw their connection drop (close code 1006) instead of a "going away": a browser cannot ' +
      'tell a deploy from a crash, and reconnect logic that backs off on errors reconnects late.',
    fix:
      'On shutdown, send each open WebSocket a close frame with 1001 (going away, RFC 6455 §7.4.1) or 1012 ' +
      '(service restart) — for `ws`, `for (const ws of wss.clients) ws.close(1001)` — and let the close handshake ' +
      'finish before the socket ends; `server.close()` and `WebSocketServer.close()` do not do it.',
  },
  check,
  load,
} as const satisfies Invariant;
