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
 */
import type { History } from '../history/events.js';
import type { Scenario } from '../scenario/types.js';
import type { CheckOptions, Checker } from './checker.js';
import type { Evidence, Verdict } from './verdict.js';
import { HistoryView, type RequestRecord } from './view.js';
import { OUTCOME_PHRASE, conclude, outcomeClause, requestEvents, requestName, sinceSignal } from './wording.js';

function onReusedConnection(view: HistoryView, r: RequestRecord): boolean {
  if (r.spec?.kind !== 'keep-alive' || r.request === 0) return false;
  const previous = view.requests.find((p) => p.client === r.client && p.request === r.request - 1);
  // A new client-connect between two requests means the second went out on a fresh connection.
  return previous === undefined || previous.attempt === r.attempt;
}

function check(history: History, scenario: Scenario, _options: CheckOptions): Verdict {
  const view = new HistoryView(history, scenario);
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
  const failed = written.filter(
    (r) => r.outcome?.outcome === 'reset-before-response' || r.outcome?.outcome === 'closed-before-response',
  );
  if (!view.hasAgent) {
    for (const r of failed) {
      const unseen = 'without an agent the history cannot tell whether the server read it';
      missing.push(`${requestName(r)} ${outcomeClause(view, r)}, and ${unseen}`);
    }
    return conclude(view, [], missing);
  }
  for (const r of written) {
    if (r.outcome?.outcome === 'timeout') missing.push(`${requestName(r)} ${OUTCOME_PHRASE.timeout}`);
  }
  const lost = failed.filter((r) => r.started === undefined);
  if (lost.length === 0) return conclude(view, [], missing);
  const rate = Math.round((100 * lost.length) / written.length);
  const verb = lost.length === 1 ? 'was' : 'were';
  const counted = `${lost.length} of ${written.length} requests written on reused keep-alive connections (${rate} %)`;
  const summary: Evidence = {
    events: lost.flatMap((r) => requestEvents(view, r)).sort((a, b) => view.pos(a) - view.pos(b)),
    message: `${counted} ${verb} lost: the server closed the connection without reading them`,
  };
  const each: Evidence[] = lost.map((r) => {
    const reused = `written on a reused keep-alive connection${r.sent ? ` ${sinceSignal(view, r.sent)}` : ''}`;
    return {
      events: requestEvents(view, r),
      message: `${requestName(r)}, ${reused}, ${outcomeClause(view, r)}, and the server never read it`,
    };
  });
  return conclude(view, [summary, ...each], missing);
}

export const keepaliveRace: Checker = {
  id: 'keepalive-race',
  defaultSeverity: 'warning',
  exercisedBy: 'a request written on a reused idle connection near the moment the server closes it',
  definition:
    'No request written on a reused idle connection is lost because the server closed that connection without ' +
    'reading it; reported with a count and a rate.',
  check,
};
