import { STREAM_HEADER } from '../target/agent-protocol.js';
import type { StreamClientSpec } from '../scenario/types.js';
import type { Client, ClientContext } from './client.js';
import { HttpConnection } from './http-connection.js';
import { expandRoute } from '../config/config.js';

/**
 * A chunked (or SSE) response of `chunks` chunks, one every `everyMs`: through the target's own
 * streaming route when the config names one, otherwise the agent trickles the handler's answer. The
 * outcome is `complete` only when the terminating chunk arrived (undici completes the response on the
 * zero-length chunk, RFC 9112 §7.1); FIN before it is `truncated`, RST `reset-mid-response`.
 */
export class StreamClient implements Client {
  readonly kind = 'stream';
  readonly id: string;
  private readonly connection: HttpConnection;

  constructor(
    private readonly spec: StreamClientSpec,
    private readonly ctx: ClientContext,
  ) {
    this.id = spec.id;
    this.connection = new HttpConnection(spec.id, ctx);
  }

  act(): void {
    const { stream, fast } = this.ctx.routes;
    const { chunks, everyMs, sse } = this.spec;
    const [path, headers]: [string, Record<string, string>] = stream
      ? [expandRoute(stream, { chunks, every: everyMs }), {}]
      : [fast, { [STREAM_HEADER]: `${chunks},${everyMs}${sse ? ',sse' : ''}` }];
    void this.connection.send(0, path, headers, true);
  }

  acted = (): boolean => this.connection.settled();
  inFlight = (): number => this.connection.inFlight();
  openConnections = (): number => this.connection.openConnections();
  close = (): Promise<void> => this.connection.destroy();
}
