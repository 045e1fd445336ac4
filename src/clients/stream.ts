import { expandRoute } from '../config/config.js';
import type { StreamClientSpec } from '../scenario/types.js';
import { STREAM_HEADER } from '../target/agent-protocol.js';
import { targetMs, type ClientContext, type Routes } from './client.js';
import { OneRequestClient } from './one-request.js';

/**
 * A chunked (or SSE) response of `chunks` chunks, one every `everyMs`: through the target's own
 * streaming route when the config names one, otherwise the agent trickles the handler's answer. The
 * outcome is `complete` only when the terminating chunk arrived (undici completes the response on the
 * zero-length chunk, RFC 9112 §7.1); FIN before it is `truncated`, RST `reset-mid-response`.
 */
export class StreamClient extends OneRequestClient {
  readonly kind = 'stream';

  constructor(
    private readonly spec: StreamClientSpec,
    ctx: ClientContext,
  ) {
    super(spec.id, ctx);
  }

  protected request(): { path: string; headers: Record<string, string> } {
    return streamRequest(this.ctx.routes, this.spec, this.ctx.targetScale);
  }
}

/** A streaming request: the target's stream route, or its fast one with the agent trickling the answer. */
export function streamRequest(
  routes: Routes,
  { chunks, everyMs, sse }: { chunks: number; everyMs: number; sse: boolean },
  targetScale?: number,
): { path: string; headers: Record<string, string> } {
  return routes.stream
    ? { path: expandRoute(routes.stream, { chunks, every: targetMs({ targetScale }, everyMs) }), headers: {} }
    : { path: routes.fast, headers: { [STREAM_HEADER]: `${chunks},${everyMs}${sse ? ',sse' : ''}` } };
}
