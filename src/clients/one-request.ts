import type { ClientKind } from '../scenario/types.js';
import type { Client, ClientContext } from './client.js';
import { HttpConnection } from './http-connection.js';

/**
 * A client that sends one GET on a connection of its own, with `Connection: close`: the server ends
 * the connection after its answer. (Closing it from the client right after the answer would race a FIN
 * the server sent with it, and make who-closed-first a matter of timing.) Kinds differ only in what
 * they ask for.
 */
export abstract class OneRequestClient implements Client {
  abstract readonly kind: ClientKind;
  private readonly connection: HttpConnection;

  constructor(
    readonly id: string,
    protected readonly ctx: ClientContext,
  ) {
    this.connection = new HttpConnection(id, ctx);
  }

  /** The path to ask for, and any header that asks the agent to inject latency or streaming. */
  protected abstract request(): { path: string; headers: Record<string, string> };

  act(): void {
    const { path, headers } = this.request();
    void this.connection.send(0, path, headers, true);
  }

  acted = (): boolean => this.connection.settled();
  inFlight = (): number => this.connection.inFlight();
  openConnections = (): number => this.connection.openConnections();
  close = (): Promise<void> => this.connection.destroy();
}
