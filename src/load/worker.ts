/**
 * What every held connection of a load run shares: a client of the scenario clients' own kind whose
 * recorded events are turned into counts instead of a history, and the facts of its current
 * connection — when it was asked for, when it opened — that judge a failed request (classify.ts).
 */
import type { ClientContext, Routes } from '../clients/client.js';
import type { ClientEvent } from '../history/events.js';
import type { LoadTally } from './tally.js';

export interface LoadTarget {
  host: string;
  port: number;
  routes: Routes;
}

export abstract class LoadWorker {
  /** when the current connection was asked for, in ms since the load started */
  protected attemptAt = 0;
  /** when it opened; null until it has */
  protected connectedAt: number | null = null;
  /** its local port, which the agent reports as the peer port; null until it has one */
  protected localPort: number | null = null;

  constructor(
    readonly id: string,
    protected readonly target: LoadTarget,
    protected readonly tally: LoadTally,
    protected readonly now: () => number,
  ) {}

  /** The context a scenario client records into, routed to this worker. */
  protected context(): ClientContext {
    return {
      host: this.target.host,
      port: this.target.port,
      routes: this.target.routes,
      record: (event) => this.onEvent(event),
      bindSocket: (socket) => {
        this.localPort = socket.localPort ?? null;
      },
      harnessFailed: (reason) => this.tally.problem(`the harness could not open a connection: ${reason}`),
    };
  }

  private onEvent(event: ClientEvent): void {
    const at = this.now();
    switch (event.type) {
      case 'client-connect':
        this.attemptAt = at;
        this.connectedAt = null;
        this.localPort = null;
        this.tally.attempt(at);
        return this.onConnecting();
      case 'client-connected':
        this.connectedAt = at;
        this.tally.connected(at);
        return this.onConnected();
      case 'client-refused':
        return this.tally.refused(at);
      default:
        return this.onClientEvent(event, at);
    }
  }

  /** A new connection is being asked for. */
  protected onConnecting(): void {}

  /** The connection opened. */
  protected onConnected(): void {}

  /** The client's other events: its requests' outcomes, a WebSocket's close. */
  protected abstract onClientEvent(event: ClientEvent, at: number): void;
}
