import type { SilentClientSpec } from '../scenario/types.js';
import type { Client, ClientContext } from './client.js';
import { TcpConnection } from './tcp-connection.js';

/**
 * Connects and sends nothing, as a balancer's pre-opened socket does. Some Node versions did not treat
 * such a socket as idle, and it held `server.close()` open.
 */
export class SilentClient implements Client {
  readonly kind = 'silent';
  readonly id: string;
  private readonly connection: TcpConnection;

  constructor(spec: SilentClientSpec, ctx: ClientContext) {
    this.id = spec.id;
    this.connection = new TcpConnection(spec.id, ctx);
  }

  act(): void {
    this.connection.open();
  }

  acted = (): boolean => this.connection.settled();
  inFlight = (): number => 0;
  openConnections = (): number => this.connection.openConnections();
  close = (): Promise<void> => this.connection.close();
}
