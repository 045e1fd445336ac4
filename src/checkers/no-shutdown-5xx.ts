/**
 * no-shutdown-5xx: a request the server had read before the first signal — or, under the kubernetes
 * profile, read inside the drain delay after it, while the target must still serve — is not answered
 * with a 5xx because of the shutdown. The classic case is an application that closes what its handlers
 * depend on (a database pool, a queue client, a cache connection) as soon as the signal comes, before
 * its server has drained: the requests in flight get "500 pool is closed". in-flight-complete counts
 * that as a complete answer, which it is; this invariant says it is the wrong one.
 *
 * "Because of the shutdown" is told from a route that fails anyway by the run itself: a 5xx after the
 * signal counts only when the same route — the same method and path (RFC 9110 §4.2's path, without the
 * query, so that `/slow?ms=300` and `/slow?ms=900` are one route) — was answered below 500 before the
 * signal in the same run. The route worked while nothing was shutting down, and failed once something
 * was: the shutdown is the difference. When the only answers of that route before the signal were
 * 5xx too, the route fails without the shutdown and its 5xx proves nothing. When the route was not
 * answered before the signal at all, the run cannot tell, and the verdict is `not-exercised` naming that
 * request, never `holds`: a 5xx the checker cannot attribute must not pass for a shutdown that worked.
 * Without an agent the method is not recorded and the path alone names the route.
 *
 * Allowed: a 503 with `Connection: close` (the `drain-refusal` outcome) to a request read after the
 * signal, an honest refusal of new work during the drain (readiness judges whether the kubernetes
 * profile's drain delay was kept). The readiness path is left out: answering it 503 from the signal on
 * is what a shutdown should do. A request without a status line (reset, cut) is in-flight-complete's.
 *
 * "Read" is what the agent saw start; without an agent, a request counts as read when its bytes were
 * all written at least the settle time before the signal, as in in-flight-complete.
 *
 * Behind a proxy (`--proxy`), a 502, 503 or 504 the proxy answered itself after the signal counts too,
 * whether or not the target read the request: the user got it because of how the target shut down,
 * and the proxy's error log says how (proxy-answers.ts); not one answered after the operator's stop (the
 * SIGKILL, or a second signal that killed the target), whose 502s are that stop's. The route's baseline does not apply: the
 * status is the proxy's, not the route's.
 *
 * Exercised by a request read before the signal (or inside the kubernetes drain delay) and answered
 * after it, whose latency took effect (exercise.ts); behind a proxy, also by any request the target
 * answered after the signal through the proxy.
 */
import type { EventOf, History, HistoryEvent } from '../history/events.js';
import type { Scenario } from '../scenario/types.js';
import type { CheckOptions } from './checker.js';
import { EXERCISED, injectionMisses, missReason, notExercisedBecause, withoutSignal, type Exercise } from './exercise.js';
import type { Evidence, Verdict } from './verdict.js';
import { HistoryView, type RequestRecord } from './view.js';
import { conclude, requestEvents, requestName, sinceSignal, withSignal } from './wording.js';
import { n, plural } from '../load/numbers.js';
import type { LoadTotals } from '../load/totals.js';
import type { Invariant, LoadCount, LoadCounting } from './invariant.js';
import { answerOf, attribution, isProxyFailure, proxyAnswers, upstreamReuse } from './proxy-answers.js';

/** The first status of the server errors (RFC 9110 §15.6). */
const SERVER_ERROR = 500;

/** A route as the run names it: the method when the agent saw it, and the path without its query. */
interface Route {
  method: string | undefined;
  path: string;
}

function routeOf(r: RequestRecord): Route | undefined {
  const target = r.started?.path ?? r.sent?.path;
  if (target === undefined) return undefined;
  return { method: r.started?.method, path: target.split('?')[0] ?? target };
}

function sameRoute(a: Route, b: Route): boolean {
  return a.path === b.path && (a.method === undefined || b.method === undefined || a.method === b.method);
}

function routeName(route: Route): string {
  return route.method ? `${route.method} ${route.path}` : route.path;
}

/** When the server had the request, relative to the signal; null when it had it neither before nor in the drain delay. */
type Read = { shownBy: HistoryEvent; how: 'read' | 'written'; when: 'before' | 'drain' };

function readOf(view: HistoryView, r: RequestRecord, options: CheckOptions, drainEnd: number | undefined): Read | null {
  const signal = view.signal;
  if (!signal) return null;
  const inDrain = (e: HistoryEvent): boolean => drainEnd !== undefined && view.afterSignal(e) && e.t <= drainEnd;
  if (view.agentSees(r)) {
    const started = r.started;
    if (!started) return null;
    if (view.beforeSignal(started)) return { shownBy: started, how: 'read', when: 'before' };
    return inDrain(started) ? { shownBy: started, how: 'read', when: 'drain' } : null;
  }
  const sent = r.sent;
  if (!sent || !r.outcome?.bytesWritten) return null;
  if (view.beforeSignal(sent) && signal.t - sent.t >= options.settleMs) return { shownBy: sent, how: 'written', when: 'before' };
  return inDrain(sent) ? { shownBy: sent, how: 'written', when: 'drain' } : null;
}

/** An answer with a status line that came before the signal: what the route does when nothing shuts down. */
type Baseline = { route: Route; status: number; outcome: EventOf<'request-outcome'> };

function baselines(view: HistoryView): Baseline[] {
  const result: Baseline[] = [];
  for (const r of view.requests) {
    const o = r.outcome;
    const route = routeOf(r);
    if (!o || o.status === undefined || !route || !view.beforeSignal(o)) continue;
    result.push({ route, status: o.status, outcome: o });
  }
  return result;
}

function check(history: History, scenario: Scenario, options: CheckOptions): Verdict {
  const view = new HistoryView(history, scenario);
  const signal = view.signal;
  if (!signal) return withoutSignal(view);
  const drainEnd =
    scenario.profile === 'kubernetes' ? signal.t + Math.min(options.drainDelayMs, scenario.graceMs) : undefined;
  const before = baselines(view);
  const candidates = view.requests.filter((r) => r.spec?.kind !== 'raw' && routeOf(r)?.path !== options.readinessPath);
  const missed = new Set(injectionMisses(view, candidates).map((m) => m.request));
  const violations: Evidence[] = [];
  let served = 0;
  const failingAnyway: { r: RequestRecord; baseline: Baseline }[] = [];
  const unattributed: RequestRecord[] = [];
  const proxied = proxyAnswers(history);
  for (const r of candidates) {
    const o = r.outcome;
    const route = routeOf(r);
    if (!o || o.status === undefined || !route || !view.afterSignal(o)) continue;
    const answer = answerOf(proxied, r);
    if (answer) {
      // After the operator's stop (the grace end's SIGKILL, or an escalating second signal the target
      // died of) the proxy still routes to a target that is gone: its 502 is that stop's, which
      // `deadline` judges, not the drain's, as for a request the stop cut (HistoryView.hardStop).
      if (isProxyFailure(answer) && !view.cutByKill(r)) violations.push({ events: withSignal(view, [...requestEvents(view, r), answer]), message: proxySentence(view, r, answer, history) });
      continue;
    }
    if (r.started?.upstream !== undefined && o.status < SERVER_ERROR && exercisingThroughProxy(view, r)) served++;
    const read = readOf(view, r, options, drainEnd);
    if (!read) continue;
    const exercising = !missed.has(r);
    if (o.status < SERVER_ERROR || (o.outcome === 'drain-refusal' && read.when === 'drain')) {
      if (exercising) served++;
      continue;
    }
    const working = before.find((b) => sameRoute(b.route, route) && b.status < SERVER_ERROR);
    if (working) {
      violations.push({
        events: withSignal(view, [...requestEvents(view, r), working.outcome]),
        message: sentence(view, r, read, o.status, working, drainEnd),
      });
      continue;
    }
    const failing = before.find((b) => sameRoute(b.route, route));
    if (failing) failingAnyway.push({ r, baseline: failing });
    else unattributed.push(r);
  }
  return conclude(view, violations, [], exercise(view, signal.signal, served, unattributed, failingAnyway, missed));
}

/** A request the target answered after the signal, through the proxy, that it had begun before the answer's end. */
function exercisingThroughProxy(view: HistoryView, r: RequestRecord): boolean {
  return r.outcome !== undefined && view.afterSignal(r.outcome) && r.finished !== undefined;
}

function proxySentence(view: HistoryView, r: RequestRecord, answer: EventOf<'proxy-answered'>, history: History): string {
  // Without an agent (a command target) nothing says whether the target read it.
  const read = r.started ? ` (the target had read it ${sinceSignal(view, r.started)})` : view.hasAgent ? ' (the target never read it)' : '';
  const logged = answer.error ? `; nginx logged "${answer.error}"` : '';
  const reuse = upstreamReuse(history);
  const pooled = reuse.read > 0 ? `; ${reuse.reused} of the ${reuse.read} requests the target read came over a reused upstream connection` : '';
  return `${requestName(r)} was answered ${answer.status} by the proxy ${sinceSignal(view, answer)}${read}: ${attribution(answer, r, view.hasAgent)}${logged}${pooled}`;
}

function sentence(
  view: HistoryView,
  r: RequestRecord,
  read: Read,
  status: number,
  working: Baseline,
  drainEnd: number | undefined,
): string {
  const signalName = view.signal?.signal ?? 'the signal';
  const had = read.how === 'read' ? 'was read by the server' : 'was fully written';
  const drain =
    read.when === 'drain' && drainEnd !== undefined && view.signal
      ? `, inside the ${drainEnd - view.signal.t} ms drain delay,`
      : '';
  const answeredAt = r.outcome ? sinceSignal(view, r.outcome, read.when === 'before' ? 'it' : undefined) : '';
  const baseline = `${routeName(working.route)} was answered ${working.status} before ${signalName}`;
  return `${requestName(r)} ${had} ${sinceSignal(view, read.shownBy)}${drain} and answered ${status} ${answeredAt}; ${baseline}`;
}

/**
 * Exercised when a request read before the signal got a non-5xx answer after it, unless some 5xx of
 * the run cannot be attributed: then `not-exercised`, naming it, so that it is not hidden by a `holds`.
 */
function exercise(
  view: HistoryView,
  signal: string,
  served: number,
  unattributed: readonly RequestRecord[],
  failingAnyway: readonly { r: RequestRecord; baseline: Baseline }[],
  missed: ReadonlySet<RequestRecord>,
): Exercise {
  const [unknownCause] = unattributed;
  if (unknownCause) {
    const route = routeOf(unknownCause);
    const status = unknownCause.outcome?.status;
    const name = route ? routeName(route) : 'its route';
    return notExercisedBecause(
      `${requestName(unknownCause)} was answered ${status} after ${signal}, but ${name} got no answer before ` +
        `${signal} in this run, so the run cannot tell whether the shutdown caused it`,
    );
  }
  if (served > 0) return EXERCISED;
  const [anyway] = failingAnyway;
  if (anyway) {
    const name = routeName(anyway.baseline.route);
    return notExercisedBecause(
      `${requestName(anyway.r)} was answered ${anyway.r.outcome?.status} after ${signal}, but ${name} was answered ` +
        `${anyway.baseline.status} before it too: the route fails without the shutdown`,
    );
  }
  const misses = injectionMisses(view, [...missed]);
  return notExercisedBecause(
    missReason(misses) ?? `no request the server had read before ${signal} was answered after it`,
  );
}

/**
 * Under load it counts answers, not failures: a request read before the signal and answered 5xx after
 * it, where the same kind of request (each kind asks for one route) was answered below 500 before the
 * signal.
 */
const load = {
  count: (t): LoadCount => ({
    count: t.shutdown5xx,
    of: t.readBeforeAnsweredAfter,
    applicable: t.moments.signalAt !== null,
    holds: `no request read before the signal was answered 5xx after it (${n(t.readBeforeAnsweredAfter)} answered after the signal)${unattributed(t)}`,
    violated: `${n(t.shutdown5xx)} of ${plural(t.readBeforeAnsweredAfter, 'request')} read before the signal ${t.shutdown5xx === 1 ? 'was' : 'were'} answered 5xx after it, though the route answered below 500 before it${unattributed(t)}`,
  }),
} satisfies LoadCounting;

/** 5xx the run cannot attribute to the shutdown: their kind got no answer before the signal. */
function unattributed(t: LoadTotals): string {
  if (t.unattributed5xx === 0) return '';
  return `; ${plural(t.unattributed5xx, 'other 5xx answer')} on a route with no answer before the signal cannot be told from a failing route`;
}

export const noShutdown5xx = {
  id: 'no-shutdown-5xx',
  defaultSeverity: 'error',
  exercisedBy:
    'a request read before the signal (or inside the kubernetes drain delay) and answered after it, whose ' +
    'latency took effect',
  definition:
    'No request the server had read before the signal (or inside the kubernetes drain delay) is answered 5xx ' +
    'because of the shutdown: a route that answered below 500 before the signal must not answer it 5xx after.',
  advice: {
    meaning:
      'Requests that were already being handled when the deploy began are answered with a server error: the ' +
      'application tore down what its handlers need (a database pool, a queue or cache client) before they finished. ' +
      'Behind a proxy: the proxy answered 502 because the target closed a pooled upstream connection as the proxy ' +
      'reused it, or stopped listening while the proxy still routed to it.',
    fix:
      'Close resources in the reverse order of their use: stop accepting, let `server.close()` drain the requests ' +
      'in flight, and only then close the database pool and other clients (in its callback, or an onClose hook). ' +
      'Behind a proxy: answer `Connection: close` from the signal on and keep serving until the proxy has taken the ' +
      'target out of rotation (a preStop delay), and only then stop listening and close idle connections.',
  },
  check,
  load,
} as const satisfies Invariant;
