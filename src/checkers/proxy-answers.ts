/**
 * What a proxy in front of the target (`--proxy`) answered itself, and what it says of the shutdown.
 * Pure: read from the history's proxy-answered events and the agent's server-request-started events.
 *
 * A 502, 503 or 504 the proxy made itself after the signal is a user's failure that the shutdown
 * caused: the target was serving until the signal (the proxy's failures before it are not counted
 * here), and the proxy's error log, recorded with the answer, says what the target did to it:
 * - it closed or reset a pooled upstream connection the proxy was reusing, without reading the request
 *   on it (no server-request-started): the keep-alive race at the proxy, which cannot retry safely;
 * - it closed the upstream connection after reading the request, without answering it;
 * - it refused the connection: its listener was closed while the proxy still routed to it (the
 *   endpoint had not been removed yet).
 * A 503 the proxy gave once the harness had taken the target out of rotation stands for a request a
 * real balancer would send to another replica, and is nobody's failure.
 */
import type { EventOf, History } from '../history/events.js';
import type { RequestRecord } from './view.js';

/** The statuses a proxy answers with when its upstream fails it (RFC 9110 §15.6.3-5). */
const PROXY_FAILURES = new Set([502, 503, 504]);

export type ProxyAnswer = EventOf<'proxy-answered'>;

/** The proxy's own answer to each request, by `client#request`. */
export function proxyAnswers(history: History): Map<string, ProxyAnswer> {
  const answers = new Map<string, ProxyAnswer>();
  for (const e of history) if (e.type === 'proxy-answered') answers.set(`${e.client}#${e.request}`, e);
  return answers;
}

export function answerOf(answers: ReadonlyMap<string, ProxyAnswer>, r: { client: string; request: number }): ProxyAnswer | undefined {
  return answers.get(`${r.client}#${r.request}`);
}

/** Whether the proxy's answer is a failure of the target's (not the harness's removal of the endpoint). */
export function isProxyFailure(answer: ProxyAnswer): boolean {
  return PROXY_FAILURES.has(answer.status) && answer.cause !== 'out-of-rotation';
}

/**
 * Why the proxy answered as it did, in one clause, from its error log and what the target read.
 * `agent`: an agent ran in the target, so a request it never saw start was never read; a command
 * target has none, and whether it read the request is not known.
 */
export function attribution(answer: ProxyAnswer, r: RequestRecord, agent = true): string {
  const status = answer.status;
  switch (answer.cause) {
    case 'upstream-closed':
      if (!agent) return `the proxy answered ${status} because the target closed the upstream connection before answering the request`;
      return r.started === undefined
        ? `the proxy answered ${status} because the upstream closed the pooled connection as the proxy reused it`
        : `the proxy answered ${status} because the target closed the upstream connection after it read the request, without answering it`;
    case 'refused':
      return `the proxy answered ${status} because the target refused its connection (its listener was closed) while the proxy still routed to it`;
    case 'out-of-rotation':
      return `the proxy answered ${status} itself: the target was out of rotation`;
    case 'other':
      return `the proxy answered ${status} itself`;
  }
}

/** Requests the target read over an upstream connection the proxy had used before, and all it read over the proxy. */
export function upstreamReuse(history: History): { reused: number; read: number; connections: number } {
  const seen = new Set<number>();
  let reused = 0;
  let read = 0;
  for (const e of history) {
    if (e.type !== 'server-request-started' || e.upstream === undefined) continue;
    read++;
    if (seen.has(e.upstream)) reused++;
    seen.add(e.upstream);
  }
  return { reused, read, connections: seen.size };
}
