/**
 * One held HTTP connection of a load run: the clients' own HttpConnection (undici, retries off, every
 * outcome classified from what the socket saw), with its events turned into the facts a load run
 * counts instead of a history. One request at a time, as a balancer sends on a persistent connection;
 * if the server closes the connection, the next request opens a new one, as any HTTP client does.
 */
import { HttpConnection } from '../clients/http-connection.js';
import { slowRequest } from '../clients/slow.js';
import { streamRequest } from '../clients/stream.js';
import type { ClientEvent, Outcome } from '../history/events.js';
import type { HttpLoadKind } from './mix.js';
import { SLOW_MS, STREAM } from './settings.js';
import type { LoadTally } from './tally.js';
import { LoadWorker, type LoadTarget } from './worker.js';

export class HttpWorker extends LoadWorker {
  private readonly connection: HttpConnection;
  private request = 0;
  /** responses read on the current socket: a request after the first goes out on a reused connection */
  private responsesOnSocket = 0;
  private current: { scheduledAt: number | null; sentAt: number; done: (outcome: Outcome) => void } | null = null;

  constructor(id: string, readonly kind: HttpLoadKind, target: LoadTarget, tally: LoadTally, now: () => number) {
    super(id, target, tally, now);
    this.connection = new HttpConnection(id, this.context());
  }

  /** a connection is open: a send needs no new one */
  get connected(): boolean {
    return this.connection.openConnections() > 0;
  }

  get busy(): boolean {
    return this.current !== null;
  }

  /**
   * Sends this connection's kind of request; `done` runs once its outcome is counted. With
   * `scheduledAt` null it is the request that opens the connection: the fast route, kept out of the
   * latency figures since no schedule asked for it.
   */
  send(scheduledAt: number | null, done: (outcome: Outcome) => void = () => undefined): void {
    if (this.current) throw new Error(`${this.id} is busy`);
    this.current = { scheduledAt, sentAt: this.now(), done };
    const { path, headers } = scheduledAt === null ? { path: this.target.routes.fast, headers: {} } : this.what();
    void this.connection.send(this.request++, path, headers);
  }

  private what(): { path: string; headers: Record<string, string> } {
    const routes = this.target.routes;
    if (this.kind === 'slow') return slowRequest(routes, SLOW_MS);
    if (this.kind === 'stream') return streamRequest(routes, { ...STREAM, sse: false });
    return { path: routes.fast, headers: {} };
  }

  protected override onConnecting(): void {
    this.responsesOnSocket = 0;
  }

  protected override onClientEvent(event: ClientEvent, at: number): void {
    switch (event.type) {
      case 'request-outcome': {
        const current = this.current;
        if (!current) return;
        this.current = null;
        const responseBegun =
          event.status !== undefined || event.outcome === 'reset-mid-response' || event.outcome === 'truncated';
        this.tally.result({
          client: this.id,
          request: event.request,
          kind: this.kind,
          outcome: event.outcome,
          scheduledAt: current.scheduledAt,
          sentAt: current.sentAt,
          endedAt: at,
          attemptAt: this.attemptAt,
          localPort: this.localPort,
          reused: this.responsesOnSocket > 0,
          bytesWritten: event.bytesWritten,
          responseBegun,
          ...(event.status !== undefined ? { status: event.status, connectionClose: event.connectionClose ?? false } : {}),
        });
        if (event.status !== undefined) this.responsesOnSocket++;
        current.done(event.outcome);
        return;
      }
      default:
        return;
    }
  }

  /** Ends the connection; a request still unanswered is counted as `timeout`. */
  close(): Promise<void> {
    return this.connection.destroy();
  }
}
