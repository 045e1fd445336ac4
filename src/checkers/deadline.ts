/**
 * deadline: the process exits within the grace period after the first signal (an exit exactly at its
 * end counts as within). Otherwise the harness sends SIGKILL at the end of the grace period, as the
 * kubelet does when terminationGracePeriodSeconds runs out, and this invariant reports what was still
 * open at that moment: requests without an answer and connections (WebSockets, idle keep-alive
 * sockets) that the target never closed. Requests the grace period cut, and requests whose natural end
 * falls within the deadline tolerance of the grace period's end, are judged here alone: whether such a
 * request beats the SIGKILL is a race the shutdown code does not control, whether the process is gone
 * in time is.
 *
 * Exercised by the signal: once it is sent, the grace period runs. A target that exited before the
 * signal was due exercised nothing here (clean-exit judges that exit).
 */
import type { History, HistoryEvent } from '../history/events.js';
import type { Scenario } from '../scenario/types.js';
import type { CheckOptions } from './checker.js';
import type { Evidence, Verdict } from './verdict.js';
import { type Attempt, HistoryView } from './view.js';
import { EXERCISED, withoutSignal } from './exercise.js';
import { conclude, requestEvents, requestName, sinceSignal, withSignal } from './wording.js';
import { ms, plural } from '../load/numbers.js';
import type { Invariant, LoadCount, LoadCounting } from './invariant.js';

/** What was still open when the SIGKILL came, one item each. */
function openAtKill(view: HistoryView, kill: HistoryEvent): Evidence[] {
  const open: Evidence[] = [];
  const reported = new Set<Attempt>();
  for (const r of view.requests) {
    const first = r.sent ?? r.started;
    if (!first || !view.before(first, kill)) continue;
    if (r.outcome && !view.before(kill, r.outcome)) continue;
    if (r.attempt) reported.add(r.attempt);
    const how = r.started ? `read by the server ${sinceSignal(view, r.started)}` : `sent ${sinceSignal(view, first)}`;
    open.push({
      events: withSignal(view, [...requestEvents(view, r), kill]),
      message: `${requestName(r)}, ${how}, was still unanswered when SIGKILL came`,
    });
  }
  for (const a of view.attempts) {
    if (!a.connected || !view.before(a.connected, kill) || reported.has(a)) continue;
    if (a.ended && !view.before(kill, a.ended)) continue;
    const kind = view.specOf(a.client)?.kind;
    const what = `the ${kind === 'websocket' ? 'WebSocket' : 'connection'} of client ${a.client}`;
    open.push({
      events: withSignal(view, [a.connect, a.connected, kill, ...(a.ended ? [a.ended] : [])]),
      message: `${what}, open since ${sinceSignal(view, a.connected)}, was still open when SIGKILL came`,
    });
  }
  return open;
}

function check(history: History, scenario: Scenario, _options: CheckOptions): Verdict {
  const view = new HistoryView(history, scenario);
  const { signal, kill, exit } = view;
  if (!signal) return withoutSignal(view);
  const grace = `${scenario.graceMs} ms grace period`;
  if (kill) {
    const killed: Evidence = {
      events: withSignal(view, [kill, ...(exit ? [exit] : [])]),
      message: `the target was still running when the ${grace} after ${signal.signal} ran out, and the harness sent SIGKILL`,
    };
    return conclude(view, [killed, ...openAtKill(view, kill)], [], EXERCISED);
  }
  if (!exit) {
    const last = view.events[view.events.length - 1] ?? signal;
    const missing = [`the history ends ${sinceSignal(view, last)} with the target running and no SIGKILL sent`];
    return conclude(view, [], missing, EXERCISED);
  }
  const late = exit.t - (signal.t + scenario.graceMs);
  if (view.afterSignal(exit) && late > 0) {
    const exited: Evidence = {
      events: withSignal(view, [exit]),
      message: `the target exited ${sinceSignal(view, exit)}, ${late} ms after its ${grace} ended`,
    };
    return conclude(view, [exited], [], EXERCISED);
  }
  return conclude(view, [], [], EXERCISED);
}

/** Under load, as in a history, what the harness's SIGKILL cut is judged by deadline alone. */
const load = {
  failures: { 'cut-by-kill': () => true },
  count: (t, run): LoadCount => {
    const { signalAt, killAt, exitAt } = t.moments;
    const exitAfter = exitAt !== null && signalAt !== null ? exitAt - signalAt : null;
    const { signal, graceMs } = run.settings;
    return {
      count: killAt !== null ? 1 : 0,
      of: 1,
      applicable: signalAt !== null,
      holds: exitAfter === null ? 'the target did not exit' : `exited ${ms(exitAfter)} after ${signal}, within the ${ms(graceMs)} grace period`,
      violated: `still running ${ms(graceMs)} after ${signal}: SIGKILL sent; it cut ${plural(t.faults.deadline, 'request')} and ${plural(t.websockets.killed, 'WebSocket')}`,
    };
  },
} satisfies LoadCounting;

export const deadline = {
  id: 'deadline',
  defaultSeverity: 'error',
  exercisedBy: 'a signal sent to the target',
  definition:
    'The process exits within the grace period after the first signal; otherwise the harness sends SIGKILL and ' +
    'reports what was still open.',
  advice: {
    meaning:
      'The process outlived its grace period and was killed with SIGKILL, as the kubelet does: everything still ' +
      'open was cut without a word, and every deploy takes the full grace period.',
    fix:
      'Enforce a deadline of your own below the grace period. Close what keeps `server.close()` waiting: idle ' +
      'keep-alive sockets (`closeIdleConnections()`), sockets that never sent a byte (Node 20 does not count them ' +
      'as idle: track them yourself), and WebSockets (close frame 1001). Do not leave ref\'d timers running.',
  },
  check,
  load,
} as const satisfies Invariant;
