import type { HttpsClientSpec } from '../scenario/client-kinds/https.js';
import type { KeepAliveClientSpec } from '../scenario/types.js';
import type { Client, ClientContext } from './client.js';
import { HttpConnection } from './http-connection.js';
import { keepAliveAsk } from './keep-alive-ask.js';

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
    void this.connection.ask(next, keepAliveAsk(this.ctx, request)).then(() => {
      this.sending = false;
      this.pump();
    });
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
