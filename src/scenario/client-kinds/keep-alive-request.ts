import fc from 'fast-check';
import { spanMs, spanStream, type Span, type SpanPlacement } from '../spans.js';
import { configRequest, msText, streamText } from '../wording.js';
import type { Durations, DraftTools, Shape } from './definition.js';
import type { StreamShape } from './stream.js';

/**
 * One request of a keep-alive client. It asks for exactly one of: `GET path`; the config's request
 * number `route`; an answer that takes `latencyMs` (as a slow client asks); a stream (as a stream
 * client asks). None of them says `Connection: close`: the connection stays open for the next one.
 */
export interface KeepAliveRequest {
  at: number;
  path?: string;
  route?: number;
  latencyMs?: number;
  stream?: StreamShape;
  /**
   * Written in the first signal's step, on a connection left idle by the previous request, meeting the
   * server's close of idle connections (the keep-alive race). Only on a request after the first, at
   * `signalAt`.
   *
   * The client holds its reading of the connection from before the signal, and the request goes once
   * the target has run what it does at once on the signal: the request and the server's FIN cross, as
   * on a real network. Written right after the signal instead, the target's event loop took the signal
   * and the request's bytes in whatever order they woke it: one such scenario (a request at 0 ms, this
   * one at 100 ms with SIGTERM) run 20 times under the virtual clock against `server.close()` alone
   * lost the request 12, then 2 times in 20, and a default search against fastify's close() lost none
   * in 100 runs on a busy machine. Held, it is lost every time against a server that closes idle
   * connections on the signal and answered every time by one that gives them a grace first.
   */
  withSignal?: boolean;
}

/** A keep-alive request as parseScenario checks it; which one thing it asks for is checked by validate. */
export const KEEP_ALIVE_REQUEST_FIELDS: Shape = {
  at: 'number',
  'path?': 'string',
  'route?': 'index',
  'latencyMs?': 'number',
  'stream?': 'stream',
  'withSignal?': 'boolean',
};

/** What a keep-alive request asks for, before the signal's time is known. */
export type Ask =
  /** a quick GET of `/`, or the config's request number `route` */
  | { kind: 'plain'; route: number | undefined }
  | { kind: 'slow'; span: Span }
  | { kind: 'stream'; chunks: number; span: Span; sse: boolean };

export function plainArbitrary({ route }: Pick<DraftTools, 'route'>): fc.Arbitrary<Ask> {
  return fc.record({ kind: fc.constant('plain' as const), route });
}

export function askArbitrary(tools: DraftTools): fc.Arbitrary<Ask> {
  const { span, chunks } = tools;
  // Cross-shrink: a slow or streaming request that the failure does not need shrinks to a quick one.
  return fc.oneof(
    { withCrossShrink: true },
    { arbitrary: plainArbitrary(tools), weight: 2 },
    { arbitrary: fc.record({ kind: fc.constant('slow' as const), span }), weight: 1 },
    { arbitrary: fc.record({ kind: fc.constant('stream' as const), chunks, span, sse: fc.boolean() }), weight: 1 },
  );
}

export function askFromSignal(ask: Ask): boolean {
  return ask.kind !== 'plain' && ask.span.from === 'signal';
}

export function keepAliveRequest(ask: Ask, place: SpanPlacement, durations: Durations): KeepAliveRequest {
  const { at } = place;
  switch (ask.kind) {
    case 'plain':
      return ask.route !== undefined ? { at, route: ask.route } : { at, path: '/' };
    case 'slow':
      return { at, latencyMs: durations.slowLatencyMs ?? spanMs(ask.span, place, durations.maxMs) };
    case 'stream':
      return { at, stream: { ...spanStream(ask.span, ask.chunks, place, durations), sse: ask.sse } };
  }
}

/** How long a keep-alive request's answer takes, as the scenario says (a quick one: no time). */
export function requestMs(r: KeepAliveRequest): number {
  if (r.latencyMs !== undefined) return r.latencyMs;
  if (r.stream !== undefined) return r.stream.chunks * r.stream.everyMs;
  return 0;
}

/** A keep-alive request asks for exactly one thing, and a duration it asks for is not negative. */
export function askProblems(where: string, r: KeepAliveRequest): string[] {
  const asked = (['path', 'route', 'latencyMs', 'stream'] as const).filter((key) => r[key] !== undefined);
  if (asked.length !== 1) {
    const which = asked.length === 0 ? 'none' : asked.join(' and ');
    return [`${where} must ask for exactly one of path, route, latencyMs and stream, not ${which}`];
  }
  if (r.latencyMs !== undefined && !(r.latencyMs >= 0)) return [`${where} has latencyMs ${r.latencyMs}; it must be >= 0`];
  if (r.stream !== undefined && !(Number.isInteger(r.stream.chunks) && r.stream.chunks >= 0 && r.stream.everyMs >= 0)) {
    return [`${where} asks for a stream of ${r.stream.chunks} chunks every ${r.stream.everyMs} ms; both must be >= 0, chunks whole`];
  }
  return [];
}

export function requestText(r: KeepAliveRequest, signal: string): string {
  let what: string;
  if (r.latencyMs !== undefined) what = `a request answered after ${msText(r.latencyMs)},`;
  else if (r.stream !== undefined) what = `${streamText(r.stream)},`;
  else if (r.route !== undefined) what = configRequest(r.route);
  else what = `GET ${r.path ?? '/'}`;
  const when = r.withSignal ? `at ${msText(r.at)} right after the ${signal}, on the idle connection` : `at ${msText(r.at)}`;
  return `${what} ${when}`;
}
