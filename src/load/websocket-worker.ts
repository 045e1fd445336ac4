/**
 * One held WebSocket of a load run: the clients' own WebSocketClient (package `ws`), whose handshake
 * is counted like a request and whose close is counted by the code of the close frame it got.
 */
import { WebSocketClient } from '../clients/websocket.js';
import type { ClientEvent, Outcome } from '../history/events.js';
import type { LoadTally } from './tally.js';
import { LoadWorker, type LoadTarget } from './worker.js';

export class WebSocketWorker extends LoadWorker {
  private readonly client: WebSocketClient;
  private messages = 0;
  private sentAt = 0;
  private opened: ((outcome: Outcome) => void) | null = null;

  constructor(id: string, target: LoadTarget, tally: LoadTally, now: () => number) {
    super(id, target, tally, now);
    this.client = new WebSocketClient({ kind: 'websocket', id, at: 0, messages: [] }, this.context());
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

  protected override onConnected(): void {
    this.tally.websocketOpened();
  }

  protected override onClientEvent(event: ClientEvent, at: number): void {
    switch (event.type) {
      case 'request-outcome':
        this.tally.result({
          client: this.id,
          request: 0,
          kind: 'websocket',
          outcome: event.outcome,
          scheduledAt: null,
          sentAt: this.sentAt,
          endedAt: at,
          attemptAt: this.attemptAt,
          localPort: this.localPort,
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
