import type { ClientKind } from '../scenario/types.js';
import type { Client, ClientContext } from './client.js';
import { HttpConnection, type HttpAsk } from './http-connection.js';

/**
 * A client that sends one request on a connection of its own, with `Connection: close`: the server ends
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

  /** What to ask for, with any header that asks the agent to inject latency or streaming. */
  protected abstract request(): HttpAsk;

  act(): void {
    void this.connection.ask(0, this.request(), true);
  }

  acted = (): boolean => this.connection.settled();
  inFlight = (): number => this.connection.inFlight();
  openConnections = (): number => this.connection.openConnections();
  close = (): Promise<void> => this.connection.destroy();
}
