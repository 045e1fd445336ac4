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
import type { EventBody } from '../history/events.js';
import type { Target } from '../target/target.js';
import { parseNginxLogs } from '../target/proxy/nginx-logs.js';
import { NginxProxy } from '../target/proxy/nginx.js';
import type { Recorder } from './recorder.js';
import { compileTimeline } from '../scenario/timeline.js';
import type { Scenario } from '../scenario/types.js';

/** How often (real ms) the harness looks whether the run is over, to stop the proxy. */
const QUIT_POLL_MS = 20;

export interface ProxySettings {
  kind: 'nginx';
  /** the nginx binary (found when the options were read) */
  binary: string;
  /**
   * real ms after the first signal at which the proxy takes the target out of rotation (the endpoint
   * is removed); null: never, the proxy routes to the target until the run ends
   */
  drainDelayMs: number | null;
}

export type ProxyInLoop = NginxProxy & { settings: ProxySettings };

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
 * recorder numbers them). The proxy takes the target out of rotation its drain delay after the first
 * signal, as endpoints are removed while the pod already has its SIGTERM (the kubelet and the endpoint
 * controller act at once, and the balancers learn it later): real time, scaled like the rest of the
 * scenario. The proxy outlives the target, as a balancer outlives a pod: what comes after the exit
 * meets the proxy, which answers it (502 while it still routes to the target, 503 once the target is
 * out of rotation). Once the target has exited, every client action is done and every request has its
 * outcome, the proxy stops, so that the clients see the end of the connections it holds.
 */
export function followTheRun(proxy: ProxyInLoop, target: Target, recorder: Recorder, scenario: Scenario, timeScale: number): void {
  recorder.proxied = true;
  recorder.recordAt({ type: 'proxy-in-front', proxy: proxy.settings.kind }, { t: 0, step: 0 });
  const clientActions = compileTimeline(scenario).filter((a) => a.kind === 'client').length;
  const quitWhenDone = (): void => {
    const timer = setInterval(() => {
      if (!proxy.over && (clientActionsDone(recorder) < clientActions || !everyRequestAnswered(recorder))) return;
      clearInterval(timer);
      proxy.quit();
    }, QUIT_POLL_MS);
    timer.unref();
  };
  if (target.alive) target.once('exit', quitWhenDone);
  else quitWhenDone();
  const delay = proxy.settings.drainDelayMs;
  if (delay === null) return;
  const onChange = (): void => {
    if (recorder.events().at(-1)?.type !== 'signal-sent') return;
    recorder.off('change', onChange);
    setTimeout(() => proxy.takeOutOfRotation(), delay * timeScale).unref();
  };
  recorder.on('change', onChange);
}

/**
 * How many client actions the executor has performed: each action is one step under the real clock,
 * and the nemesis's actions (a signal, the kill) each leave their event.
 */
function clientActionsDone(recorder: Recorder): number {
  const nemesis = recorder.events().filter((e) => e.type === 'signal-sent' || e.type === 'kill-sent').length;
  return recorder.step - nemesis;
}

/** Every request sent so far has its outcome. */
function everyRequestAnswered(recorder: Recorder): boolean {
  const open = new Set<string>();
  for (const e of recorder.events()) {
    if (e.type === 'request-sent') open.add(`${e.client}#${e.request}`);
    if (e.type === 'request-outcome') open.delete(`${e.client}#${e.request}`);
  }
  return open.size === 0;
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
