/**
 * keepalive-race (a warning): no request written on a reused idle connection is lost because the
 * server closed that connection without reading it. A request is on a reused connection when it is a
 * keep-alive client's request after its first (index > 0) on the same connection attempt; it is lost
 * when its bytes were fully written, it ended `reset-before-response` (the bytes reached a socket the
 * server had closed: RST) or `closed-before-response` (FIN), and the server never started it. This is
 * the race of a client reusing a pooled socket at the instant the server closes it; neither Node's
 * HTTP agent nor undici retries it by default, and no server can remove it alone, only narrow it
 * (`Connection: close` while draining, closing idle sockets gently). So the verdict carries a count
 * and a rate over all requests written on reused connections, not just an example. Without an agent
 * the history cannot show whether the server read a request, so a failed one makes the verdict
 * `unknown`.
 *
 * Exercised by a request written on a reused idle connection near the moment the server closed it.
 * "Near" is defined on the executor's steps, which order what the harness can tell apart: the request's
 * bytes were all written (`bytesWritten`) on a connection whose previous request had been answered, and
 * either it was written in the same step as the first signal, after it — on a connection whose client
 * had not read what the signal made the server do, so a server that closes idle connections on the
 * signal has closed this one as the request arrives (the search places requests there on purpose;
 * see KeepAliveRequest.withSignal) — or it ended reset
 * or closed before any response, which shows the server's close crossed it, whether or not the server
 * read it. A request written on a reused connection any other time met a connection the executor had
 * seen open and quiet, and tests nothing here.
 */
import type { History } from '../history/events.js';
import type { Scenario } from '../scenario/types.js';
import type { CheckOptions } from './checker.js';
import type { Evidence, Verdict } from './verdict.js';
import { exercisedIf, withoutSignal } from './exercise.js';
import { notExercised } from './verdict.js';
import { HistoryView, type RequestRecord } from './view.js';
import { OUTCOME_PHRASE, conclude, outcomeClause, requestEvents, requestName, sinceSignal } from './wording.js';
import { lostUnread, readBySettling, unread } from '../load/request-facts.js';
import { n, plural } from '../load/numbers.js';
import type { Invariant, LoadCount, LoadCounting } from './invariant.js';

/**
 * Behind a proxy the clients' keep-alive connections end at the proxy, which the target's shutdown does
 * not close, so no client request meets the race; the race on the proxy's own pooled connections to
 * the target loses the request to a 502 of the proxy's, which no-shutdown-5xx judges and explains.
 */
const BEHIND_A_PROXY =
  "behind the proxy the clients' keep-alive connections end at the proxy, which the target's shutdown does not close; " +
  "the race on the proxy's pooled connections to the target shows as the proxy's 502, judged by no-shutdown-5xx";

function onReusedConnection(view: HistoryView, r: RequestRecord): boolean {
  if ((r.spec?.kind !== 'keep-alive' && r.spec?.kind !== 'https') || r.request === 0) return false;
  const previous = view.requests.find((p) => p.client === r.client && p.request === r.request - 1);
  // A new client-connect between two requests means the second went out on a fresh connection.
  return previous === undefined || previous.attempt === r.attempt;
}

function lostBeforeResponse(r: RequestRecord): boolean {
  return r.outcome?.outcome === 'reset-before-response' || r.outcome?.outcome === 'closed-before-response';
}

/** Written on an idle connection near the moment the server closed it; see the header. */
function nearTheClose(view: HistoryView, r: RequestRecord): boolean {
  const sent = r.sent;
  const signal = view.signal;
  if (!sent || !r.outcome?.bytesWritten) return false;
  const previous = view.requests.find((p) => p.client === r.client && p.request === r.request - 1);
  if (previous?.outcome && !view.before(previous.outcome, sent)) return false;
  if (lostBeforeResponse(r)) return true;
  return signal !== undefined && sent.step === signal.step && view.afterSignal(sent);
}

function check(history: History, scenario: Scenario, _options: CheckOptions): Verdict {
  const view = new HistoryView(history, scenario);
  if (view.proxied) return notExercised(BEHIND_A_PROXY);
  const missing: string[] = [];
  const written: RequestRecord[] = [];
  for (const r of view.requests) {
    if (!onReusedConnection(view, r)) continue;
    if (!r.outcome) {
      if (r.sent) missing.push(`${requestName(r)}, on a reused connection, has no recorded outcome`);
      continue;
    }
    if (r.outcome.bytesWritten) written.push(r);
  }
  const near = written.some((r) => nearTheClose(view, r));
  // The race needs no signal (a keep-alive timeout closes idle connections too), but a run without one
  // that showed nothing says so as the other checkers do.
  if (!view.signal && !near && missing.length === 0) return withoutSignal(view);
  const exercise = exercisedIf(near, () => {
    const what =
      written.length === 0
        ? 'no request was written on a reused keep-alive connection'
        : `no request written on a reused keep-alive connection (${written.length} in all) met the server closing it`;
    return `${what}: the race takes a request written on an idle connection as the signal goes, or one the server's close cut`;
  });
  const failed = written.filter(lostBeforeResponse);
  if (!view.hasAgent) {
    for (const r of failed) {
      const unseen = 'without an agent the history cannot tell whether the server read it';
      missing.push(`${requestName(r)} ${outcomeClause(view, r)}, and ${unseen}`);
    }
    return conclude(view, [], missing, exercise);
  }
  for (const r of written) {
    if (r.outcome?.outcome === 'timeout') missing.push(`${requestName(r)} ${OUTCOME_PHRASE.timeout}`);
  }
  // Lost: never read, or read only after the server had ended the connection (Node parses what arrives
  // after socket.end() but cannot answer it).
  const lost = failed.filter((r) => r.started === undefined || r.started.afterServerEnd === true);
  if (lost.length === 0) return conclude(view, [], missing, exercise);
  const rate = Math.round((100 * lost.length) / written.length);
  const verb = lost.length === 1 ? 'was' : 'were';
  const counted = `${lost.length} of ${written.length} requests written on reused keep-alive connections (${rate} %)`;
  const summary: Evidence = {
    events: lost.flatMap((r) => requestEvents(view, r)).sort((a, b) => view.pos(a) - view.pos(b)),
    message: `${counted} ${verb} lost: the server closed the connection before it could answer them`,
  };
  const each: Evidence[] = lost.map((r) => {
    const reused = `written on a reused keep-alive connection${r.sent ? ` ${sinceSignal(view, r.sent)}` : ''}`;
    return {
      events: requestEvents(view, r),
      message: `${requestName(r)}, ${reused}, ${outcomeClause(view, r)}, and the server ${r.started ? 'read it only after it had ended the connection' : 'never read it'}`,
    };
  });
  return conclude(view, [summary, ...each], missing, exercise);
}

/**
 * Under load: a request lost before any response on a connection the server closed without reading
 * it. A server's keep-alive timeout closes idle connections under load too, so before the signal this
 * is the race, not a failure to serve. On a fresh connection after the signal it is one the server
 * accepted before its own handler began: to the server one more idle connection, closed unread.
 * (Under the virtual clock the handler runs within the signal's step, so the checker never meets
 * that.) After the signal it is what neither the server read nor a response began on.
 */
const load = {
  failures: {
    'before-signal': (r) => lostUnread(r),
    'fresh-connection': (r) => r.acceptedBeforeHandler === true && unread(r),
    'after-signal': (r, moments) => unread(r) && !readBySettling(r, moments),
  },
  count: (t): LoadCount => ({
    count: t.faults['keepalive-race'],
    of: t.reusedRequests,
    applicable: true,
    holds: `no request on an open connection was lost unread (${n(t.reusedRequests)} on reused connections)`,
    violated: `${n(t.faults['keepalive-race'])} of ${plural(t.reusedRequests, 'request')} on reused connections were lost: the server closed the connection without reading them`,
  }),
} satisfies LoadCounting;

export const keepaliveRace = {
  id: 'keepalive-race',
  defaultSeverity: 'warning',
  exercisedBy:
    'a request written on a reused idle connection near the moment the server closed it: in the same step as ' +
    "the signal, or cut by the server's close before any response",
  definition:
    'No request written on a reused idle connection is lost because the server closed that connection without ' +
    'reading it; reported with a count and a rate.',
  advice: {
    meaning:
      'A request written on a reused idle connection was lost because the server closed that connection as the ' +
      'request arrived. Clients retry idempotent requests on such a reset; not POSTs.',
    fix:
      'Tell clients before closing (`Connection: close` on the last response), and keep the server\'s ' +
      '`keepAliveTimeout` longer than the idle timeout of the clients and balancers in front of it.',
  },
  check,
  load,
} as const satisfies Invariant;
