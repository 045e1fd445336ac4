/**
 * drain-connection-close (a warning): every response that starts after the first signal on a
 * persistent connection (a keep-alive client's) carries `Connection: close`, so the client does not
 * reuse a socket the server is about to close; this is what Go's `Shutdown` does by disabling
 * keep-alives, and what Node's `server.close()` does not do on its own. The client's view decides:
 * what matters is the header the client received. A response counts as starting after the signal when
 * its status line reached the client after it; keep-alive responses are short, so their start and
 * their end are one moment for this purpose.
 */
import type { History } from '../history/events.js';
import type { Scenario } from '../scenario/types.js';
import type { CheckOptions, Checker } from './checker.js';
import type { Evidence, Verdict } from './verdict.js';
import { HistoryView } from './view.js';
import {
  OUTCOME_PHRASE,
  conclude,
  noSignalReason,
  requestEvents,
  requestName,
  sinceSignal,
  withSignal,
} from './wording.js';

function check(history: History, scenario: Scenario, _options: CheckOptions): Verdict {
  const view = new HistoryView(history, scenario);
  if (!view.signal) return conclude(view, [], [noSignalReason(view)]);
  const violations: Evidence[] = [];
  const missing: string[] = [];
  for (const r of view.requests) {
    if (r.spec?.kind !== 'keep-alive') continue;
    const o = r.outcome;
    if (!o) {
      if (r.sent) missing.push(`${requestName(r)}, sent ${sinceSignal(view, r.sent)}, has no recorded outcome`);
      continue;
    }
    if (!view.afterSignal(o)) continue;
    if (o.outcome === 'timeout') {
      missing.push(`${requestName(r)} ${OUTCOME_PHRASE.timeout}`);
      continue;
    }
    if (o.status === undefined) continue;
    if (o.connectionClose === undefined) {
      missing.push(`the response to ${requestName(r)} has no record of its Connection header`);
    } else if (!o.connectionClose) {
      const response = `the ${o.status} response to ${requestName(r)}, received ${sinceSignal(view, o)}`;
      violations.push({
        events: withSignal(view, requestEvents(view, r)),
        message: `${response} on a keep-alive connection, did not carry Connection: close`,
      });
    }
  }
  return conclude(view, violations, missing);
}

export const drainConnectionClose: Checker = {
  id: 'drain-connection-close',
  defaultSeverity: 'warning',
  exercisedBy: 'a response that starts after the signal on a persistent connection',
  definition:
    'Responses that start after the signal on a persistent connection carry Connection: close, so clients do not ' +
    'reuse a socket the server is about to close.',
  check,
};
