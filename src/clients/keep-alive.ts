import type { KeepAliveClientSpec } from '../scenario/types.js';
import type { Client, ClientContext } from './client.js';
import { HttpConnection } from './http-connection.js';

/**
 * Several requests on one persistent connection, idle in between: the client that meets the
 * keep-alive race when the server closes an idle socket just as a request goes out. A request due
 * while the previous one is unanswered waits in the client and counts as sent when it is written.
 */
export class KeepAliveClient implements Client {
  readonly kind = 'keep-alive';
  readonly id: string;
  private readonly connection: HttpConnection;
  private readonly queue: number[] = [];
  private sending = false;

  constructor(
    private readonly spec: KeepAliveClientSpec,
    ctx: ClientContext,
  ) {
    this.id = spec.id;
    this.connection = new HttpConnection(spec.id, ctx);
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
    void this.connection.send(next, request.path).then(() => {
      this.sending = false;
      this.pump();
    });
  }

  acted = (): boolean => this.connection.settled();
  inFlight = (): number => this.connection.inFlight() + this.queue.length;
  openConnections = (): number => this.connection.openConnections();
  close = (): Promise<void> => this.connection.destroy();
}
