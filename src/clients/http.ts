import { HOLD_HEADER } from '../target/agent-protocol.js';
import type { HttpClientSpec } from '../scenario/types.js';
import type { Client, ClientContext } from './client.js';
import { HttpConnection } from './http-connection.js';

/**
 * One GET on a connection of its own, sent with `Connection: close`: the server ends the connection
 * after its answer. (Closing it from the client right after the answer would race a FIN the server
 * sent with it, and make who-closed-first a matter of timing.)
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
    void this.connection.send(0, this.spec.path, headers, true);
  }

  acted = (): boolean => this.connection.settled();
  inFlight = (): number => this.connection.inFlight();
  openConnections = (): number => this.connection.openConnections();
  close = (): Promise<void> => this.connection.destroy();
}
