import { HOLD_HEADER } from '../target/agent-protocol.js';
import type { HttpClientSpec } from '../scenario/types.js';
import type { Client, ClientContext } from './client.js';
import { HttpConnection } from './http-connection.js';

/**
 * One GET on a connection of its own. Once answered it leaves the connection open, as a pooled client
 * does (RFC 9112 §9.3: persistent by default): the server closes it (after `Connection: close`, or
 * when it drains) or the run's end does. Closing it from the client right after the answer would race
 * a FIN the server sent with the answer, and make who-closed-first a matter of timing.
 */
export class HttpClient implements Client {
  readonly kind = 'http';
  readonly id: string;
  private readonly connection: HttpConnection;

  constructor(
    private readonly spec: HttpClientSpec,
    ctx: ClientContext,
  ) {
    this.id = spec.id;
    this.connection = new HttpConnection(spec.id, ctx);
  }

  act(): void {
    const headers: Record<string, string> = {};
    if (this.spec.holdMs !== undefined) headers[HOLD_HEADER] = String(this.spec.holdMs);
    void this.connection.send(0, this.spec.path, headers);
  }

  acted = (): boolean => this.connection.settled();
  inFlight = (): number => this.connection.inFlight();
  openConnections = (): number => this.connection.openConnections();
  close = (): Promise<void> => this.connection.destroy();
}
