/**
 * One held WebSocket of a load run: the clients' own WebSocketClient (package `ws`), whose handshake
 * is counted like a request and whose close is counted by the code of the close frame it got.
 */
import type { ClientContext } from '../clients/client.js';
import { WebSocketClient } from '../clients/websocket.js';
import type { ClientEvent, Outcome } from '../history/events.js';
import { requestIdHeader } from '../target/agent-protocol.js';
import type { LoadTarget } from './http-worker.js';
import type { LoadTally } from './tally.js';

export class WebSocketWorker {
  private readonly client: WebSocketClient;
  private messages = 0;
  private attemptAt = 0;
  private connectedAt: number | null = null;
  private sentAt = 0;
  private opened: ((outcome: Outcome) => void) | null = null;

  constructor(
    readonly id: string,
    target: LoadTarget,
    private readonly tally: LoadTally,
    private readonly now: () => number,
  ) {
    const ctx: ClientContext = {
      host: target.host,
      port: target.port,
      routes: target.routes,
      record: (event) => this.onEvent(event),
      bindPort: () => undefined,
    };
    this.client = new WebSocketClient({ kind: 'websocket', id, at: 0, messages: [] }, ctx);
  }

  /** Opens the WebSocket; resolves with the handshake's outcome. */
  open(): Promise<Outcome> {
    return new Promise((resolve) => {
      this.opened = resolve;
      this.sentAt = this.now();
      this.client.act(0);
    });
  }

  get isOpen(): boolean {
    return this.client.openConnections() > 0 && this.connectedAt !== null;
  }

  /** Sends one message; false when the WebSocket is no longer open. */
  send(): boolean {
    if (!this.isOpen) return false;
    this.client.act(++this.messages);
    return true;
  }

  private onEvent(event: ClientEvent): void {
    const at = this.now();
    switch (event.type) {
      case 'client-connect':
        this.attemptAt = at;
        this.tally.attempt(at);
        return;
      case 'client-connected':
        this.connectedAt = at;
        this.tally.connected(at);
        this.tally.websocketOpened();
        return;
      case 'client-refused':
        this.tally.refused(at);
        return;
      case 'request-outcome':
        this.tally.result({
          key: requestIdHeader(this.id, 0),
          kind: 'websocket',
          outcome: event.outcome,
          scheduledAt: null,
          sentAt: this.sentAt,
          endedAt: at,
          connectedAt: this.connectedAt,
          attemptAt: this.attemptAt,
          reused: false,
          bytesWritten: event.bytesWritten,
          responseBegun: event.status !== undefined,
          ...(event.status !== undefined ? { status: event.status } : {}),
        });
        this.opened?.(event.outcome);
        this.opened = null;
        return;
      case 'websocket-closed':
        this.tally.websocketClosed(at, event.code);
        return;
      default:
        return;
    }
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
