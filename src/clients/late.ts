import type { LateClientSpec } from '../scenario/types.js';
import type { Client, ClientContext } from './client.js';
import { HttpConnection, ordinaryRequest } from './http-connection.js';

/**
 * New connections after the signal: each attempt opens a connection of its own and sends one request
 * (GET of the fast route, or the config's request the spec names).
 * Each ends refused (the listener is closed: a balancer retries elsewhere), answered, or accepted and
 * then dropped (the outcome a balancer cannot safely retry).
 */
export class LateClient implements Client {
  readonly kind = 'late';
  readonly id: string;
  private readonly attempts: HttpConnection[] = [];

  constructor(
    private readonly spec: LateClientSpec,
    private readonly ctx: ClientContext,
  ) {
    this.id = spec.id;
  }

  act(op: number): void {
    const connection = new HttpConnection(this.id, this.ctx);
    this.attempts.push(connection);
    const { routes } = this.ctx;
    void connection.ask(op, this.spec.route !== undefined ? ordinaryRequest(routes, this.spec.route) : { path: routes.fast }, true);
  }

  acted = (): boolean => this.attempts.every((a) => a.settled());
  inFlight = (): number => this.attempts.reduce((n, a) => n + a.inFlight(), 0);
  openConnections = (): number => this.attempts.reduce((n, a) => n + a.openConnections(), 0);
  close = async (): Promise<void> => {
    await Promise.all(this.attempts.map((a) => a.destroy()));
  };
}
