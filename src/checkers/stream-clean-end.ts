/**
 * stream-clean-end: every streaming response that began ends with its terminating chunk (or its full
 * content-length), even when the server shortens it to meet its own deadline: a client can tell a
 * stream that ended early from a broken one only by that final chunk. A response reset or ended by EOF
 * mid-body violates it, whenever that happens. Streams that never got a response are judged by
 * `in-flight-complete` or `no-accept-then-drop` instead. The grace period excuses a stream cut by the
 * harness's SIGKILL, and a stream whose natural end (start + chunks × interval) falls within the
 * deadline tolerance of the grace period's end, on either side; both are judged by `deadline`. Unlike
 * `in-flight-complete`, a stream of the server's own meant to outlast the grace period is not excused:
 * its server can and must end it cleanly. A stream the agent trickles (the request asked for it) is
 * excused past the grace end like a request: its length is the agent's, and the handler that could
 * have shortened it has already answered.
 *
 * Exercised by a response mid-body at the signal: a stream whose answer had begun and had not ended
 * (see midBodyAtSignal), whose trickle took effect (exercise.ts), and that the grace period does not
 * leave to `deadline`. A stream cut later is a violation whenever it happens, but only one running at
 * the signal puts the shutdown to this test.
 */
import type { History } from '../history/events.js';
import type { Scenario } from '../scenario/types.js';
import { type CheckOptions, toleranceMs } from './checker.js';
import type { Evidence, Verdict } from './verdict.js';
import { exercisedIf, injectionMisses, isStream, missReason, withoutSignal } from './exercise.js';
import { HistoryView, type RequestRecord, naturalEnd, responseBegan } from './view.js';
import {
  OUTCOME_PHRASE,
  conclude,
  outcomeClause,
  requestEvents,
  requestName,
  sinceSignal,
  withSignal,
  leftToDeadlineBecause,
} from './wording.js';
import { n, plural } from '../load/numbers.js';
import type { Invariant, LoadCount, LoadCounting } from './invariant.js';

/**
 * The stream was mid-body at the signal. The history has no event for a response's first byte, so
 * "its response had begun" is read from its outcome (a status line arrived, or it was cut mid-body)
 * together with the server having had the request before the signal: the agent saw it start, or,
 * without an agent, its bytes were all written at least the settle time before.
 */
function midBodyAtSignal(view: HistoryView, r: RequestRecord, options: CheckOptions): boolean {
  const { signal } = view;
  const o = r.outcome;
  if (!signal || !o || !view.afterSignal(o) || !responseBegan(o)) return false;
  if (view.agentSees(r)) return r.started !== undefined && view.beforeSignal(r.started);
  return r.sent !== undefined && view.beforeSignal(r.sent) && signal.t - r.sent.t >= options.settleMs && o.bytesWritten;
}

function check(history: History, scenario: Scenario, options: CheckOptions): Verdict {
  const view = new HistoryView(history, scenario);
  const graceEnd = view.graceEnd();
  const tolerance = toleranceMs(scenario.graceMs, options);
  const violations: Evidence[] = [];
  const missing: string[] = [];
  const streams = view.requests.filter(isStream);
  const misses = injectionMisses(view, streams);
  const missed = new Set(misses.map((m) => m.request));
  const excused: RequestRecord[] = [];
  let midBody = 0;
  for (const r of streams) {
    if (!r.outcome) {
      if (r.sent) missing.push(`${requestName(r)} (a stream) has no recorded outcome`);
      continue;
    }
    const outcome = r.outcome.outcome;
    if (outcome === 'timeout') {
      missing.push(`${requestName(r)} (a stream) ${OUTCOME_PHRASE.timeout}`);
      continue;
    }
    const end = naturalEnd(r);
    const nearGraceEnd = end !== undefined && graceEnd !== undefined && Math.abs(end - graceEnd) <= tolerance;
    // A stream the agent trickles is the agent's length, not the server's: past the grace end the server
    // cannot shorten it (its handler has answered already), so only `deadline` can judge it.
    const injectedPastGrace = r.sent?.injection === 'stream' && end !== undefined && graceEnd !== undefined && end >= graceEnd - tolerance;
    const left = view.cutByKill(r) || nearGraceEnd || injectedPastGrace;
    if (midBodyAtSignal(view, r, options) && !missed.has(r)) {
      if (left) excused.push(r);
      else midBody++;
    }
    if (outcome !== 'truncated' && outcome !== 'reset-mid-response') continue;
    if (left) continue;
    const stream = `the stream of ${requestName(r)}${r.sent ? `, started ${sinceSignal(view, r.sent)},` : ''}`;
    violations.push({
      events: withSignal(view, requestEvents(view, r)),
      message: `${stream} ${outcomeClause(view, r)} instead of ending with its final chunk`,
    });
  }
  const signal = view.signal;
  if (!signal && violations.length === 0) return withoutSignal(view);
  const exercise = exercisedIf(midBody > 0, () => {
    const at = signal?.signal ?? scenario.signal;
    const [cut] = excused;
    if (cut) {
      const why = leftToDeadlineBecause(view, cut, `it would have ended within ${tolerance} ms of the grace period's end`);
      return `the stream of ${requestName(cut)} was mid-body at ${at}, but ${why}, so deadline alone judges it`;
    }
    return (
      missReason(misses) ??
      `no response was mid-body at ${at}: no stream had begun its answer before the signal and not yet ended it`
    );
  });
  return conclude(view, violations, missing, exercise);
}

/** Under load: a stream that failed after the signal once its response had begun was cut mid-body. */
const load = {
  failures: { 'after-signal': (r) => r.kind === 'stream' && r.responseBegun },
  count: (t, run): LoadCount => ({
    count: t.faults['stream-clean-end'],
    of: t.streamsAtSignal,
    applicable: run.settings.split.stream > 0 && t.moments.signalAt !== null,
    holds: `every stream ended with its final chunk (${n(t.streamsAtSignal)} running at the signal)`,
    violated: `${plural(t.faults['stream-clean-end'], 'stream')} cut mid-body (${n(t.streamsAtSignal)} running at the signal)`,
  }),
} satisfies LoadCounting;

export const streamCleanEnd = {
  id: 'stream-clean-end',
  defaultSeverity: 'error',
  exercisedBy: 'a response mid-body at the signal',
  definition:
    'Every streaming response ends with its terminating chunk (or its full content-length), even if the server ' +
    'shortens it; no reset or EOF mid-body.',
  advice: {
    meaning:
      'A streaming response (chunked download, Server-Sent Events) was cut mid-body: the client gets an error, ' +
      'or, if it does not check, a truncated body it may take for the whole.',
    fix:
      'End streams with their terminating chunk (`res.end()`) before the process goes, early if the deadline ' +
      'requires it; for Server-Sent Events, send a `retry:` hint first so that clients reconnect to another instance.',
  },
  check,
  load,
} as const satisfies Invariant;
