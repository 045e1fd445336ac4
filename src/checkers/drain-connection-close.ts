/**
 * drain-connection-close (a warning): every response that starts after the first signal on a
 * persistent connection (a keep-alive client's) carries `Connection: close`, so the client does not
 * reuse a socket the server is about to close; this is what Go's `Shutdown` does by disabling
 * keep-alives, and what Node's `server.close()` does not do on its own. The client's view decides
 * whether the header was there: what matters is the header the client received. A response starts
 * when the server fixed its head (the agent reports writeHead, explicit or implicit), and is after the
 * signal once the target's signal handler had begun to run: a response decided before that — a slow
 * write, an answer the agent held, a request that arrived with the signal and was read before the
 * handler ran — could not have said close, and is not judged here (what follows it on that connection
 * is keepalive-race's). Without an agent, a response starts when its status line reached the client
 * (a stream whose head came before the signal started before it, however late it ended).
 *
 * Behind a proxy (`--proxy`) the client's Connection header is the proxy's own (hop-by-hop, RFC 9110
 * §7.6.1: nginx keeps its client connection alive whatever the target said): what the target said to
 * the proxy decides whether the proxy reuses the upstream connection, so the target's response head
 * (the agent's) is judged, and an answer the proxy made itself is not (no-shutdown-5xx judges it).
 * Without an agent (a --cmd target) that head is not seen, and the verdict is unknown, not the proxy's.
 *
 * Exercised by such a response: a keep-alive request whose status line reached the client after the
 * signal. A keep-alive request after the signal that found its connection closed, or was refused on a
 * new one, got no response to judge.
 */
import type { History } from '../history/events.js';
import type { Scenario } from '../scenario/types.js';
import type { CheckOptions } from './checker.js';
import type { Evidence, Verdict } from './verdict.js';
import { exercisedIf, withoutSignal } from './exercise.js';
import { HistoryView, type RequestRecord } from './view.js';
import {
  OUTCOME_PHRASE,
  conclude,
  outcomeClause,
  requestEvents,
  requestName,
  sinceSignal,
  withSignal,
} from './wording.js';
import { n, plural } from '../load/numbers.js';
import type { Invariant, LoadCount, LoadCounting } from './invariant.js';
import { answerOf, proxyAnswers } from './proxy-answers.js';

function check(history: History, scenario: Scenario, _options: CheckOptions): Verdict {
  const view = new HistoryView(history, scenario);
  const signal = view.signal;
  if (!signal) return withoutSignal(view);
  const violations: Evidence[] = [];
  const missing: string[] = [];
  let responses = 0;
  const unanswered: RequestRecord[] = [];
  const byProxy = proxyAnswers(history);
  for (const r of view.requests) {
    if ((r.spec?.kind !== 'keep-alive' && r.spec?.kind !== 'https') || answerOf(byProxy, r)) continue;
    const o = r.outcome;
    if (!o) {
      if (r.sent) missing.push(`${requestName(r)}, sent ${sinceSignal(view, r.sent)}, has no recorded outcome`);
      continue;
    }
    // With an agent, the response starts when the server fixed its head, and counts as after the signal
    // once the target's signal handler had run: a response decided before that (a slow write, the
    // agent's held answer, a request that arrived with the signal and was read first) could not say close.
    // Without one, it starts when its status line reached the client.
    if (r.head ? !r.head.afterSignalHandler || !view.afterSignal(r.head) : !view.afterSignal(r.began ?? o)) continue;
    if (o.outcome === 'timeout') {
      missing.push(`${requestName(r)} ${OUTCOME_PHRASE.timeout}`);
      continue;
    }
    if (o.status === undefined) {
      unanswered.push(r);
      continue;
    }
    responses++;
    const upstream = r.started?.upstream !== undefined && r.head !== undefined;
    if (view.proxied && !upstream) {
      missing.push(
        `the ${o.status} response to ${requestName(r)} came through the proxy, and the client saw the proxy's own Connection header; without an agent in the target (a --cmd target) the one the target sent is not seen`,
      );
      continue;
    }
    const connectionClose = upstream ? r.head?.connectionClose : o.connectionClose;
    if (connectionClose === undefined) {
      missing.push(`the response to ${requestName(r)} has no record of its Connection header`);
    } else if (!connectionClose) {
      const response = `the ${o.status} response to ${requestName(r)}, received ${sinceSignal(view, o)}`;
      const where = upstream ? "as the target sent it on the proxy's pooled upstream connection" : 'on a keep-alive connection';
      violations.push({
        events: withSignal(view, requestEvents(view, r)),
        message: `${response} ${where}, did not carry Connection: close`,
      });
    }
  }
  const exercise = exercisedIf(responses > 0, () => {
    const [first] = unanswered;
    const none = `no response started after ${signal.signal} on a persistent connection`;
    if (!first) return `${none}: no keep-alive request was outstanding or sent after it`;
    return `${none}: the keep-alive ${requestName(first)} ${outcomeClause(view, first)} and got no status line`;
  });
  return conclude(view, violations, missing, exercise);
}

/** Under load: the HTTP answers the server started after the signal, and those that kept the connection. */
const load = {
  count: (t): LoadCount => ({
    count: t.drainResponsesKeptAlive,
    of: t.drainResponses,
    applicable: t.moments.signalAt !== null,
    holds: `every response started after the signal said Connection: close (${n(t.drainResponses)})`,
    violated: `${n(t.drainResponsesKeptAlive)} of ${plural(t.drainResponses, 'response')} started after the signal kept the connection alive`,
  }),
} satisfies LoadCounting;

export const drainConnectionClose = {
  id: 'drain-connection-close',
  defaultSeverity: 'warning',
  exercisedBy: 'a response that starts after the signal on a persistent connection',
  definition:
    'Responses that start after the signal on a persistent connection carry Connection: close, so clients do not ' +
    'reuse a socket the server is about to close.',
  advice: {
    meaning:
      'Responses sent during the drain on keep-alive connections did not say `Connection: close`, so clients keep ' +
      'reusing sockets the server is about to close: the next request on them can be lost in that race.',
    fix:
      'While draining, add `Connection: close` to every response (`res.setHeader(\'Connection\', \'close\')`), as ' +
      'Go\'s `Shutdown` does by disabling keep-alives; Node\'s `server.close()` does not do it on its own.',
  },
  check,
  load,
} as const satisfies Invariant;
