/**
 * A proxy in the loop (`--proxy nginx`): started in front of the target once it listens, told when
 * the endpoint is removed, stopped with the run, and its logs turned into history events.
 *
 * Real clock only. nginx's timers (its upstream keep-alive, its timeouts) run on the machine's clock,
 * and the race it exposes — a pooled upstream connection reused at the instant the target closes it —
 * is between two real event loops; under the virtual clock the target's own timers (its
 * keepAliveTimeout, its drain) would jump ahead while nginx's did not, and the history would show
 * races, or their absence, that no deployment has.
 */
import { DEFAULT_DRAIN_DELAY_MS } from '../checkers/checker.js';
import type { EventBody } from '../history/events.js';
import type { Target } from '../target/target.js';
import { parseNginxLogs } from '../target/proxy/nginx-logs.js';
import { NginxProxy } from '../target/proxy/nginx.js';
import type { Recorder } from './recorder.js';
import type { Scenario } from '../scenario/types.js';

export interface ProxySettings {
  kind: 'nginx';
  /** the nginx binary (found when the options were read) */
  binary: string;
  /**
   * scenario ms after the first signal at which the proxy takes the target out of rotation (the
   * endpoint is removed), as given (`proxyDrainDelay`); null: none given, the scenario's profile
   * decides (see removalDelayMs)
   */
  drainDelayMs: number | null;
  /**
   * the drain delay the target is configured for (the config's `drainDelay`, scenario ms; default
   * DEFAULT_DRAIN_DELAY_MS): under the kubernetes profile, when no drainDelayMs is given, the endpoint
   * is removed that long after the signal
   */
  targetDrainDelayMs?: number;
}

export type ProxyInLoop = NginxProxy & { settings: ProxySettings };

/** The proxy as the executor sees it: the port the clients talk to, and how to end it. */
export interface Front {
  port: number;
  /** the proxy closes what it still holds for the clients and exits (NginxProxy.quit) */
  quit(): void;
}

/**
 * When, in scenario ms after the first signal, the proxy takes the target out of rotation in a run of
 * `scenario`; null: never. Pure.
 *
 * A delay given with the proxy wins. Without one, the scenario's profile says what world the target
 * is shut down in:
 * - kubernetes: the kubelet's SIGTERM and the endpoint's removal start at the same time, and the
 *   balancers learn of the removal some time later; the target is configured to keep serving, its
 *   readiness failing, for its drain delay, on the assumption that the endpoint is gone by then. The
 *   proxy removes it at the end of that delay — the latest moment the target's own configuration allows
 *   — capped, as the readiness and no-shutdown-5xx invariants cap it, at the grace period: a target
 *   told to drain longer than it is given is judged only up to the SIGKILL.
 * - immediate: the profile says nothing about when traffic stops (it models a server that stops at
 *   once, and nothing in front of it), so the proxy keeps routing to the target until the run ends:
 *   every request after the signal meets the target's shutdown as it is. Removing the endpoint at the
 *   signal instead would answer every later request with the proxy's own 503, hiding exactly the races
 *   a proxy is put in the loop for (a pooled connection the target closes as the proxy reuses it, a
 *   listener closed while the proxy still routes to it).
 */
export function removalDelayMs(settings: Pick<ProxySettings, 'drainDelayMs' | 'targetDrainDelayMs'>, scenario: Pick<Scenario, 'profile' | 'graceMs'>): number | null {
  if (settings.drainDelayMs !== null) return settings.drainDelayMs;
  if (scenario.profile !== 'kubernetes') return null;
  return Math.min(settings.targetDrainDelayMs ?? DEFAULT_DRAIN_DELAY_MS, scenario.graceMs);
}

export async function startProxy(settings: ProxySettings, target: Target, name: string): Promise<ProxyInLoop> {
  const port = target.port;
  if (port === null) throw new Error('the target reported no port to put the proxy in front of');
  try {
    return Object.assign(await NginxProxy.start(settings.binary, port, name), { settings });
  } catch (error) {
    await target.dispose();
    throw error;
  }
}

/**
 * Ties the proxy to the run as it goes. Every connection the target sees is the proxy's (the
 * recorder numbers them). The proxy takes the target out of rotation removalDelayMs after the first
 * signal, as endpoints are removed while the pod already has its SIGTERM (the kubelet and the endpoint
 * controller act at once, and the balancers learn it later): real time, scaled like the rest of the
 * scenario. When the proxy stops is the executor's to say (Execution.execute): it outlives the target,
 * as a balancer outlives a pod, and stops once the target has exited, every client action is done and
 * every request has its outcome.
 */
export function followTheRun(proxy: ProxyInLoop, recorder: Recorder, scenario: Scenario, timeScale: number): void {
  recorder.proxied = true;
  recorder.recordAt({ type: 'proxy-in-front', proxy: proxy.settings.kind }, { t: 0, step: 0 });
  const delay = removalDelayMs(proxy.settings, scenario);
  if (delay === null) return;
  const onChange = (): void => {
    if (recorder.events().at(-1)?.type !== 'signal-sent') return;
    recorder.off('change', onChange);
    setTimeout(() => proxy.takeOutOfRotation(), delay * timeScale).unref();
  };
  recorder.on('change', onChange);
}

/**
 * Adds what the proxy answered itself to the history, each stamped as the client's request-outcome it
 * explains (the proxy's log has wall-clock times, which the history does not use); removes its files.
 */
export function recordProxyAnswers(proxy: NginxProxy, recorder: Recorder): void {
  const logs = proxy.logs();
  proxy.removeFiles();
  const outcomes = recorder.events().filter((e) => e.type === 'request-outcome');
  for (const answer of parseNginxLogs(logs.access, logs.error)) {
    if (!answer.byProxy || answer.id === null || answer.cause === null) continue;
    const { client, request } = answer.id;
    const outcome = outcomes.find((o) => o.client === client && o.request === request);
    if (!outcome) continue;
    const body: EventBody = {
      type: 'proxy-answered',
      client,
      request,
      status: answer.status,
      cause: answer.cause,
      ...(answer.error !== null ? { error: answer.error } : {}),
    };
    recorder.recordAt(body, { t: outcome.t, step: outcome.step });
  }
}
