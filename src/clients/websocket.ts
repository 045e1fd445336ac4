import type { Socket } from 'node:net';
import WebSocket from 'ws';
import type { WebSocketClientSpec } from '../scenario/types.js';
import { REQUEST_ID_HEADER, requestIdHeader } from '../target/agent-protocol.js';
import type { Client, ClientContext } from './client.js';
import { SocketWatch } from './socket-watch.js';

/** RFC 6455 §7.1.5: the code a side reports when the connection closed with no close frame. */
const ABNORMAL_CLOSURE = 1006;

/**
 * An open WebSocket (package `ws`) that sends a message at each of its times. The opening handshake is
 * request 0 (complete once the 101 arrives); the close is recorded with the code of the close frame
 * the server sent — 1001 "going away" or 1012 "service restart" from a server that shuts down well
 * (RFC 6455 §7.4.1), 1006 when the TCP connection ended with no close frame.
 */
export class WebSocketClient implements Client {
  readonly kind = 'websocket';
  readonly id: string;
  private ws: WebSocket | null = null;
  private watch: SocketWatch | null = null;
  private state: 'idle' | 'opening' | 'open' | 'closed' = 'idle';
  private sending = 0;
  private closeRequested = false;

  constructor(
    spec: WebSocketClientSpec,
    private readonly ctx: ClientContext,
  ) {
    this.id = spec.id;
  }

  act(op: number): void {
    if (op === 0) return this.open();
    if (this.state !== 'open' || !this.ws) return;
    this.sending++;
    this.ws.send(`${this.id} ${op}`, () => {
      this.sending--;
    });
  }

  private open(): void {
    const { ctx, id } = this;
    const path = ctx.routes.websocket ?? '/';
    this.state = 'opening';
    ctx.record({ type: 'client-connect', client: id });
    ctx.record({ type: 'request-sent', client: id, request: 0, path });
    const ws = new WebSocket(`ws://${ctx.host}:${ctx.port}${path}`, {
      headers: { [REQUEST_ID_HEADER]: requestIdHeader(id, 0) },
      perMessageDeflate: false,
    });
    this.ws = ws;
    let handshake: 'pending' | 'done' = 'pending';
    const finishHandshake = (status: number | undefined, outcome: 'complete' | 'refused' | 'closed-before-response' | 'reset-before-response'): void => {
      if (handshake === 'done') return;
      handshake = 'done';
      ctx.record({
        type: 'request-outcome',
        client: id,
        request: 0,
        outcome,
        ...(status !== undefined ? { status } : {}),
        bytesWritten: this.watch !== null,
      });
    };
    ws.on('upgrade', (response) => {
      const socket = response.socket as Socket;
      this.watch = new SocketWatch(socket);
      ctx.bindSocket(socket);
    });
    ws.on('open', () => {
      this.state = 'open';
      ctx.record({ type: 'client-connected', client: id });
      finishHandshake(101, 'complete');
    });
    ws.on('unexpected-response', (request, response) => {
      // Not a WebSocket endpoint: the server answered the handshake with an ordinary response.
      finishHandshake(response.statusCode, 'complete');
      this.state = 'closed';
      request.destroy();
    });
    ws.on('error', (error: NodeJS.ErrnoException) => {
      if (this.state === 'opening') {
        if (error.code === 'ECONNREFUSED') ctx.record({ type: 'client-refused', client: id });
        finishHandshake(undefined, error.code === 'ECONNREFUSED' ? 'refused' : this.watch?.serverEnd() === 'fin' ? 'closed-before-response' : 'reset-before-response');
        this.state = 'closed';
      }
    });
    ws.on('close', (code, reason) => {
      const wasOpen = this.state === 'open';
      this.state = 'closed';
      if (!wasOpen) return;
      ctx.record({
        type: 'websocket-closed',
        client: id,
        // `ws` reports 1006 itself when no close frame came (1005: a close frame without a code).
        code,
        reason: reason.toString('utf8'),
      });
      if (this.watch) {
        // A close frame from the server is the server's initiative, whoever's FIN went first.
        if (code !== ABNORMAL_CLOSURE && !this.closeRequested) this.watch.serverAskedToClose = true;
        ctx.record({ type: 'connection-ended', client: id, ...this.watch.ending() });
      }
    });
  }

  /**
   * The handshake's answer is the server's part (it may need the clock to move): the executor waits
   * for it through the handshake's request-sent, not here.
   */
  acted = (): boolean => this.sending === 0 && !(this.closeRequested && this.state === 'open');
  inFlight = (): number => (this.state === 'opening' ? 1 : 0);
  openConnections = (): number => (this.state === 'open' || this.state === 'opening' ? 1 : 0);

  close = async (): Promise<void> => {
    const ws = this.ws;
    if (!ws || this.state === 'closed') return;
    this.closeRequested = true;
    const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
    ws.terminate();
    await closed;
  };
}
