import { answered, HistoryView } from '../checkers/view.js';
import type { History, HistoryEvent } from '../history/events.js';
import { TICK_MS } from '../scenario/spans.js';
import type { Scenario } from '../scenario/types.js';

/** Outcomes that say the target cut a request: its connection ended before the whole answer. */
const CUT = new Set(['reset-before-response', 'closed-before-response', 'reset-mid-response', 'truncated']);

/**
 * The moments a run shows the target cutting work or ending, in ms after the first signal, whole
 * ticks, ascending, each once: its exit; a connection the server ended (FIN or RST) while a request on
 * it was unanswered; a request or a stream cut; the listeners' close when it came after the signal's
 * own moment (a drain delay). A server that gives up at its own deadline shows it here, and a search
 * that draws work ending just before and just after these moments (scenarioArbitrary's `focusMs`)
 * tells a server that waits from one that cuts.
 *
 * Left out: what happens at the signal's own moment (nothing can end before it and after the signal),
 * and what the harness's SIGKILL did (the end of the grace period is always a focus of the search).
 * Pure.
 */
export function focusTimes(history: History, scenario: Scenario): number[] {
  const view = new HistoryView(history, scenario);
  const { signal, kill } = view;
  if (!signal) return [];
  const times = new Set<number>();
  const at = (e: HistoryEvent | undefined): void => {
    if (!e || !view.afterSignal(e) || (kill && !view.before(e, kill))) return;
    const offset = Math.round((e.t - signal.t) / TICK_MS) * TICK_MS;
    if (offset > 0) times.add(offset);
  };
  at(view.exit);
  for (const a of view.attempts) {
    if (a.ended?.by !== 'server') continue;
    const ended = a.ended;
    const unanswered = a.requests.some((r) => r.sent && view.before(r.sent, ended) && (!r.outcome || !answered(r.outcome.outcome)));
    if (unanswered) at(ended);
  }
  for (const r of view.requests) if (r.outcome && CUT.has(r.outcome.outcome)) at(r.outcome);
  for (const e of view.ofType('listener-closed')) at(e);
  return [...times].sort((x, y) => x - y);
}
