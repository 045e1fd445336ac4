/**
 * readiness (kubernetes profile only): from the first signal on, the readiness path answers non-2xx,
 * while for the drain delay after the signal (capped at the grace period) the target still serves
 * everything else: ordinary requests sent in [signal, signal + drainDelayMs] get a complete response
 * that is not a 503, and new connections in that window are not refused. Kubernetes removes a pod's
 * endpoints at the same time as it sends SIGTERM, not before, so traffic keeps arriving for a few
 * seconds; a target that stops serving at once drops it, and one whose probe still says ready keeps
 * receiving it. A probe whose connection fails counts as "not ready", as it does for the kubelet. The
 * grace period excuses what the harness's SIGKILL cut and requests whose natural end falls after the
 * grace period's end minus the deadline tolerance. Under another profile the invariant does not apply:
 * the catalogue reports it as not applicable, and `check` itself answers `unknown`.
 *
 * Exercised by a readiness probe sent after the signal (one whose connection fails is answered too:
 * "not ready").
 */
import type { History } from '../history/events.js';
import type { Scenario } from '../scenario/types.js';
import { type CheckOptions, toleranceMs } from './checker.js';
import { type Evidence, type Verdict, unknown } from './verdict.js';
import { exercisedIf, withoutSignal } from './exercise.js';
import { HistoryView } from './view.js';
import {
  OUTCOME_PHRASE,
  conclude,
  outcomeClause,
  requestEvents,
  requestName,
  sinceSignal,
  withSignal,
} from './wording.js';
import type { Invariant, NotCounted } from './invariant.js';

function check(history: History, scenario: Scenario, options: CheckOptions): Verdict {
  if (scenario.profile !== 'kubernetes') {
    return unknown(`readiness applies to the kubernetes profile only; this scenario uses ${scenario.profile}`);
  }
  const view = new HistoryView(history, scenario);
  const signal = view.signal;
  if (!signal) return withoutSignal(view);
  const delay = Math.min(options.drainDelayMs, scenario.graceMs);
  const windowEnd = signal.t + delay;
  const tolerance = toleranceMs(scenario.graceMs, options);
  const violations: Evidence[] = [];
  const missing: string[] = [];
  let probes = 0;
  for (const r of view.requests) {
    const sent = r.sent;
    if (!sent || !view.afterSignal(sent)) continue;
    const probe = sent.path === options.readinessPath;
    if (!probe && sent.t > windowEnd) continue;
    const name = `${requestName(r)}, sent ${sinceSignal(view, sent)}`;
    const o = r.outcome;
    if (!o || o.outcome === 'timeout') {
      missing.push(`${name}, ${o ? OUTCOME_PHRASE.timeout : 'has no recorded outcome'}`);
      continue;
    }
    if (probe) {
      probes++;
      if (o.status !== undefined && o.status >= 200 && o.status < 300) {
        violations.push({
          events: withSignal(view, requestEvents(view, r)),
          message: `the readiness probe ${name} to ${sent.path}, still answered ${o.status}`,
        });
      }
      continue;
    }
    if (o.outcome === 'complete' && o.status !== 503) continue;
    if (view.leftToDeadline(r, tolerance)) continue;
    const answer = o.outcome === 'complete' ? `was answered 503 ${sinceSignal(view, o)}` : outcomeClause(view, r);
    violations.push({
      events: withSignal(view, requestEvents(view, r)),
      message: `${name} within the ${delay} ms drain delay, ${answer}, though the target should still serve it`,
    });
  }
  for (const a of view.attempts) {
    if (!a.refused || a.requests.length > 0 || !view.afterSignal(a.connect) || a.connect.t > windowEnd) continue;
    violations.push({
      events: withSignal(view, [a.connect, a.refused]),
      message: `client ${a.client}'s connection ${sinceSignal(view, a.connect)}, within the ${delay} ms drain delay, was refused`,
    });
  }
  const noProbe = (): string => `no readiness probe (${options.readinessPath}) was sent after ${signal.signal}`;
  const exercise = exercisedIf(probes > 0, noProbe);
  return conclude(view, violations, missing, exercise);
}

const load = {
  notCounted: "it needs the kubernetes profile's readiness probe, which load mode does not send",
} satisfies NotCounted;

export const readiness = {
  id: 'readiness',
  defaultSeverity: 'error',
  profiles: ['kubernetes'],
  exercisedBy: 'a readiness probe after the signal',
  definition:
    'The readiness path answers non-2xx from the signal on, while ordinary requests and new connections are still ' +
    'served for the drain delay.',
  advice: {
    meaning:
      'Behind a Kubernetes Service, endpoints are removed after SIGTERM, not before: a server that stops accepting ' +
      'at once refuses traffic still routed to it, and one whose readiness stays 200 keeps attracting it.',
    fix:
      'On SIGTERM, fail readiness (503) at once, keep serving for a drain delay of a few seconds (or a `preStop` ' +
      'sleep), and only then stop accepting and drain.',
  },
  check,
  load,
} as const satisfies Invariant;
