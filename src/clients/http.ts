import net from 'node:net';
import { Client as UndiciClient, type Dispatcher } from 'undici';
import type { Outcome } from '../history/events.js';
import type { HttpClientSpec } from '../scenario/types.js';
import { HOLD_HEADER, REQUEST_ID_HEADER, requestIdHeader } from '../target/agent-protocol.js';
import type { Client, ClientContext } from './client.js';
import { SocketWatch } from './socket-watch.js';

/**
 * One HTTP/1.1 request on a connection of its own, over undici with every retry off: a retry would
 * hide the very failures the checkers look for. Undici's own timeouts are off too (they run on the
 * harness's real clock; the scenario decides how long to wait).
 */
export class HttpClient implements Client {
  readonly kind = 'http';
  readonly id: string;
  private undici: UndiciClient | null = null;
  private watch: SocketWatch | null = null;
  private state: 'idle' | 'in-flight' | 'answered' | 'done' = 'idle';
  private connectionRecorded = false;

  constructor(
    private readonly spec: HttpClientSpec,
    private readonly ctx: ClientContext,
  ) {
    this.id = spec.id;
  }

  busy(): boolean {
    return this.state === 'in-flight' || (this.state === 'answered' && !this.connectionRecorded);
  }

  act(): void {
    if (this.state !== 'idle') return;
    this.state = 'in-flight';
    const { ctx, spec } = this;
    ctx.record({ type: 'client-connect', client: this.id });
    let connected = false;
    this.undici = new UndiciClient(`http://${ctx.host}:${ctx.port}`, {
      pipelining: 1,
      headersTimeout: 0,
      bodyTimeout: 0,
      keepAliveTimeout: 600_000,
      keepAliveMaxTimeout: 600_000,
      connect: (_options, callback) => {
        const socket = net.connect({ host: ctx.host, port: ctx.port });
        let answered = false;
        socket.once('connect', () => {
          answered = true;
          connected = true;
          this.watch = new SocketWatch(socket);
          void this.watch.closedPromise.then(() => this.onSocketClosed());
          if (socket.localPort !== undefined) ctx.bindPort(socket.localPort);
          ctx.record({ type: 'client-connected', client: this.id });
          callback(null, socket);
        });
        socket.once('error', (error) => {
          if (!answered) {
            answered = true;
            callback(error, null);
          }
        });
        return socket;
      },
    });

    let status: number | undefined;
    let connectionClose = false;
    let requestSent = false;
    const finish = (outcome: Outcome): void => {
      if (this.state !== 'in-flight') return;
      this.state = 'answered';
      ctx.record({
        type: 'request-outcome',
        client: this.id,
        request: 0,
        outcome,
        ...(status !== undefined ? { status, connectionClose } : {}),
        bytesWritten: requestSent,
      });
      if (outcome === 'refused' || !connected) this.connectionRecorded = true;
      // One request per connection: close it ourselves once answered (FIN from the client).
      if (this.watch && this.watch.serverEnd() === null) this.watch.closedByUs = true;
      void this.undici?.close().catch(() => undefined);
      if (this.watch?.closed) this.onSocketClosed();
    };

    ctx.record({ type: 'request-sent', client: this.id, request: 0, path: spec.path });
    // onRequestSent is part of undici's legacy handler contract (lib/core/request.js) but missing from its
    // types; it fires once the whole request has been written to the socket.
    const handler: Dispatcher.DispatchHandler & { onRequestSent(): void } = {
      onConnect: () => undefined,
      onRequestSent: () => {
        requestSent = true;
      },
      onHeaders: (statusCode, rawHeaders) => {
        status = statusCode;
        connectionClose = hasConnectionClose(rawHeaders);
        return true;
      },
      onData: () => true,
      onComplete: () => finish(status === 503 && connectionClose ? 'drain-refusal' : 'complete'),
      onError: (error) => {
        if (!connected) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'ECONNREFUSED') {
            ctx.record({ type: 'client-refused', client: this.id });
            return finish('refused');
          }
          // Connected to nothing and not refused: the listener accepted and dropped at once.
          return finish('reset-before-response');
        }
        finish(classifyFailure(this.watch, status !== undefined));
      },
    };
    const headers: Record<string, string> = { [REQUEST_ID_HEADER]: requestIdHeader(this.id, 0) };
    if (spec.holdMs !== undefined) headers[HOLD_HEADER] = String(spec.holdMs);
    this.undici.dispatch({ origin: `http://${ctx.host}:${ctx.port}`, path: spec.path, method: 'GET', headers }, handler);
  }

  private onSocketClosed(): void {
    if (this.connectionRecorded || !this.watch) return;
    // Record once the request's fate is known, so the connection's end follows the outcome.
    if (this.state === 'in-flight') return;
    this.connectionRecorded = true;
    const serverEnd = this.watch.serverEnd();
    this.ctx.record({
      type: 'connection-ended',
      client: this.id,
      how: serverEnd ?? 'fin',
      by: this.watch.closedByUs || serverEnd === null ? 'client' : 'server',
    });
    if (this.state === 'answered') this.state = 'done';
  }

  async close(): Promise<void> {
    if (this.state === 'in-flight') {
      this.state = 'answered';
      this.ctx.record({ type: 'request-outcome', client: this.id, request: 0, outcome: 'timeout', bytesWritten: true });
    }
    await this.undici?.destroy().catch(() => undefined);
    if (this.watch) await this.watch.closedPromise;
    this.onSocketClosed();
  }
}

/**
 * Classifies a request that failed on an established connection, from what its socket saw: RST
 * (ECONNRESET/EPIPE) versus FIN ('end'), and whether any byte of the response had arrived.
 */
export function classifyFailure(watch: SocketWatch | null, headersSeen: boolean): Outcome {
  const begun = headersSeen || (watch !== null && watch.bytesRead > 0);
  const end = watch?.serverEnd() ?? 'rst';
  if (begun) return end === 'rst' ? 'reset-mid-response' : 'truncated';
  return end === 'rst' ? 'reset-before-response' : 'closed-before-response';
}

function hasConnectionClose(rawHeaders: Buffer[] | string[] | null | undefined): boolean {
  if (!rawHeaders) return false;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (String(rawHeaders[i]).toLowerCase() === 'connection' && /\bclose\b/i.test(String(rawHeaders[i + 1]))) {
      return true;
    }
  }
  return false;
}
