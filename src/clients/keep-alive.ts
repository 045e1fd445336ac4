import type { HttpsClientSpec } from '../scenario/client-kinds/https.js';
import type { KeepAliveClientSpec, KeepAliveRequest } from '../scenario/types.js';
import type { Client, ClientContext } from './client.js';
import { HttpConnection, ordinaryRequest, type HttpAsk } from './http-connection.js';
import { slowRequest } from './slow.js';
import { streamRequest } from './stream.js';

/**
 * Several requests on one persistent connection, idle in between: the client that meets the
 * keep-alive race when the server closes an idle socket just as a request goes out. A request due
 * while the previous one is unanswered waits in the client and counts as sent when it is written.
 *
 * A request may ask for a slow answer or a stream, through the same routes (or the same injection) as
 * slow and stream clients, but without `Connection: close`: a response in flight at the signal and the
 * request after it share the connection, so a response starts after the signal on a persistent
 * connection, and the connection stays busy past the signal.
 */
abstract class RequestsOnOneConnection implements Client {
  abstract readonly kind: 'keep-alive' | 'https';
  readonly id: string;
  private readonly connection: HttpConnection;
  private readonly queue: number[] = [];
  private sending = false;

  constructor(
    private readonly spec: KeepAliveClientSpec | HttpsClientSpec,
    private readonly ctx: ClientContext,
  ) {
    this.id = spec.id;
    this.connection = new HttpConnection(spec.id, ctx, { tls: spec.kind === 'https' });
  }

  act(op: number): void {
    this.queue.push(op);
    this.pump();
  }

  private pump(): void {
    if (this.sending) return;
    const next = this.queue.shift();
    const request = next === undefined ? undefined : this.spec.requests[next];
    if (next === undefined || !request) return;
    this.sending = true;
    void this.connection.ask(next, this.asked(request)).then(() => {
      this.sending = false;
      this.pump();
    });
  }

  private asked(request: KeepAliveRequest): HttpAsk {
    const { routes, targetScale } = this.ctx;
    if (request.latencyMs !== undefined) return slowRequest(routes, request.latencyMs, targetScale);
    if (request.stream !== undefined) return streamRequest(routes, request.stream, targetScale);
    if (request.route !== undefined) return ordinaryRequest(routes, request.route);
    return { path: request.path ?? routes.fast };
  }

  holdIdleConnection(): void {
    if (this.queue.length === 0 && !this.sending) this.connection.holdReading();
  }

  acted = (): boolean => this.connection.settled();
  inFlight = (): number => this.connection.inFlight() + this.queue.length;
  openConnections = (): number => this.connection.openConnections();
  close = (): Promise<void> => this.connection.destroy();
}

export class KeepAliveClient extends RequestsOnOneConnection {
  readonly kind = 'keep-alive';
  constructor(spec: KeepAliveClientSpec, ctx: ClientContext) {
    super(spec, ctx);
  }
}

/**
 * The same requests over TLS: the connection is a TLS session on a TCP socket of the client's own, so
 * that the harness still sees the TCP socket's FIN or RST, its byte counts and its local port.
 */
export class HttpsClient extends RequestsOnOneConnection {
  readonly kind = 'https';
  constructor(spec: HttpsClientSpec, ctx: ClientContext) {
    super(spec, ctx);
  }
}
