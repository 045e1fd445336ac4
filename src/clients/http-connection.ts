import net from 'node:net';
import tls from 'node:tls';
import { Client as UndiciClient, type buildConnector, type Dispatcher } from 'undici';
import type { Outcome } from '../history/events.js';
import { HOLD_HEADER, REQUEST_ID_HEADER, requestIdHeader, STREAM_HEADER } from '../target/agent-protocol.js';
import type { ClientContext, Routes } from './client.js';
import { holdReading, releaseReading } from './held-reading.js';
import { SocketWatch } from './socket-watch.js';

/**
 * Connect errors that come from the harness's own machine, not from the target: no ephemeral port left
 * (EADDRNOTAVAIL), no file descriptor (EMFILE, ENFILE), no buffer space (ENOBUFS).
 */
const LOCAL_CONNECT_ERRORS = new Set(['EADDRNOTAVAIL', 'EMFILE', 'ENFILE', 'ENOBUFS']);

/**
 * One client's HTTP/1.1 connection, on undici with every retry off (a retry would hide the very
 * failures the checkers look for) and undici's own timeouts off (they run on the harness's real clock;
 * the scenario decides how long to wait). Requests go one at a time (pipelining 1), as a browser or a
 * balancer sends them on a persistent connection. If the server closes the connection, the next
 * request opens a new one, as any HTTP client does.
 *
 * Each request's outcome is classified from what its socket saw (see classifyFailure), never from
 * error message strings.
 */
export class HttpConnection {
  private readonly undici: UndiciClient;
  private readonly sockets: SocketWatch[] = [];
  private pending = 0;
  private connecting = 0;
  private closing = false;
  private held: net.Socket | null = null;

  constructor(
    private readonly client: string,
    private readonly ctx: ClientContext,
    private readonly options: { tls?: boolean } = {},
  ) {
    this.undici = new UndiciClient(`http://${ctx.host}:${ctx.port}`, {
      pipelining: 1,
      headersTimeout: 0,
      bodyTimeout: 0,
      // Undici would close an idle socket after its own (real-time) keep-alive timeout, and honours
      // the server's `Keep-Alive: timeout=N` hint minus a threshold: both would add a client-side
      // close at a wall-clock moment. Long limits leave the connection's end to the server and the
      // scenario.
      keepAliveTimeout: 3_600_000,
      keepAliveMaxTimeout: 3_600_000,
      keepAliveTimeoutThreshold: 0,
      connect: (_options, callback) => this.connect(callback),
    });
  }

  private connect(callback: buildConnector.Callback): net.Socket {
    const { ctx, client } = this;
    ctx.record({ type: 'client-connect', client });
    // As undici's own connector does (lib/core/connect.js): without it Nagle's algorithm holds a small
    // write back until the previous one is acknowledged, tens of ms against a delayed ACK.
    const socket = net.connect({ host: ctx.host, port: ctx.port, noDelay: true });
    let answered = false;
    this.connecting++;
    socket.once('connect', () => {
      answered = true;
      this.connecting--;
      const secure = this.options.tls ? secureOver(socket, callback) : null;
      const watch = new SocketWatch(secure ?? socket, socket);
      this.sockets.push(watch);
      void watch.closedPromise.then(() => {
        this.onSocketClosed(watch);
        // A long-lived connection (load mode) reconnects many times; keep only the sockets still open.
        this.sockets.splice(this.sockets.indexOf(watch), 1);
      });
      // The TCP socket, under TLS too: its local port is what the agent sees, its bytes are what crossed.
      ctx.bindSocket(socket);
      ctx.record({ type: 'client-connected', client });
      if (!secure) callback(null, socket);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (answered) return;
      answered = true;
      this.connecting--;
      if (error.code === 'ECONNREFUSED') ctx.record({ type: 'client-refused', client });
      else if (error.code && LOCAL_CONNECT_ERRORS.has(error.code)) ctx.harnessFailed?.(`connect failed with ${error.code}`);
      callback(error, null);
    });
    return socket;
  }

  private onSocketClosed(watch: SocketWatch): void {
    this.ctx.record({ type: 'connection-ended', client: this.client, ...watch.ending() });
  }

  inFlight(): number {
    return this.pending;
  }

  /** No connection attempt is under way. */
  settled(): boolean {
    return this.connecting === 0;
  }

  openConnections(): number {
    return this.sockets.filter((s) => !s.closed).length;
  }

  /**
   * Stops reading the open, idle connection (see Client.holdIdleConnection) until the next request's
   * bytes are written: a FIN read meanwhile would reach undici, which would then open a new connection
   * for the request instead.
   */
  holdReading(): void {
    const open = this.sockets.filter((s) => !s.closed).at(-1);
    if (this.pending > 0 || this.held !== null || !open) return;
    // The TCP socket's reading, under TLS too: a held TLS socket would still let its TCP socket read the FIN.
    if (holdReading(open.transport)) this.held = open.transport;
  }

  private releaseReading(): void {
    if (this.held) releaseReading(this.held);
    this.held = null;
  }

  /** Sends one GET: see `ask`. */
  send(request: number, path: string, headers: Record<string, string> = {}, only = false): Promise<Outcome> {
    return this.ask(request, { path, headers }, only);
  }

  /**
   * Sends one request and records it and its outcome. Resolves with the outcome once it is recorded.
   * `request` is the client's request index, carried in the request-id header so the agent can match
   * the server's side of it; `only` marks the connection's last request (`Connection: close`).
   */
  ask(request: number, { method = 'GET', path, headers = {}, body }: HttpAsk, only = false): Promise<Outcome> {
    const { ctx, client } = this;
    this.pending++;
    // The agent's latency or trickle, not the target's own route: the target did not choose how long it is.
    const injection = HOLD_HEADER in headers ? 'hold' : STREAM_HEADER in headers ? 'stream' : undefined;
    ctx.record({ type: 'request-sent', client, request, path, ...(injection ? { injection } : {}) });
    let status: number | undefined;
    let connectionClose = false;
    let written = false;
    let socket: SocketWatch | null = null;
    // A persistent connection has read earlier responses; only bytes after this point are this one's.
    let readBefore = 0;
    return new Promise((resolve) => {
      let done = false;
      const finish = (outcome: Outcome): void => {
        if (done) return;
        done = true;
        this.releaseReading();
        this.pending--;
        ctx.record({
          type: 'request-outcome',
          client,
          request,
          outcome,
          ...(status !== undefined ? { status, connectionClose } : {}),
          bytesWritten: written,
        });
        resolve(outcome);
      };
      // onRequestSent is part of undici's legacy handler contract (lib/core/request.js) but missing
      // from its types; it fires once the whole request has been written to the socket.
      const handler: Dispatcher.DispatchHandler & { onRequestSent(): void } = {
        onConnect: () => {
          // Called when the request is about to be written: the connection it goes out on.
          socket = this.sockets.at(-1) ?? null;
          readBefore = socket?.bytesRead ?? 0;
        },
        onRequestSent: () => {
          written = true;
          this.releaseReading();
        },
        onHeaders: (statusCode, rawHeaders) => {
          status = statusCode;
          connectionClose = hasConnectionClose(rawHeaders);
          if (connectionClose && socket) socket.serverAskedToClose = true;
          // When the response began, as the client saw it: for a stream or a held answer, long before it ended.
          ctx.record({ type: 'response-began', client, request, status: statusCode, connectionClose });
          return true;
        },
        onData: () => true,
        onComplete: () => finish(status === 503 && connectionClose ? 'drain-refusal' : 'complete'),
        onError: (error) => {
          if (this.closing && socket === null) return finish('timeout');
          if (socket === null) {
            // It never got a connection: refused (the listener is closed), or the connection attempt
            // itself was reset.
            const code = (error as NodeJS.ErrnoException).code;
            return finish(code === 'ECONNREFUSED' ? 'refused' : 'reset-before-response');
          }
          if (this.closing && socket.serverEnd() === null) return finish('timeout');
          finish(classifyFailure(socket, status !== undefined || socket.bytesRead > readBefore));
        },
      };
      this.undici.dispatch(
        {
          origin: `http://${ctx.host}:${ctx.port}`,
          path,
          method,
          headers: {
            ...headers,
            [REQUEST_ID_HEADER]: requestIdHeader(client, request),
            // A client that wants one request says so (RFC 9112 §9.6): the server then ends the
            // connection after its answer, and only keep-alive clients hold idle connections.
            ...(only ? { connection: 'close' } : {}),
          },
          ...(body !== undefined ? { body } : {}),
        },
        handler,
      );
    });
  }

  /** Ends everything at once (end of a run): what is still unanswered is recorded as `timeout`. */
  async destroy(): Promise<void> {
    this.closing = true;
    this.releaseReading();
    await this.undici.destroy().catch(() => undefined);
    await Promise.all(this.sockets.map((s) => s.closedPromise));
  }
}

/**
 * A TLS session on an established TCP socket, handed to undici once its handshake is done. The
 * target's certificate is its own (often self-signed): the client checks the shutdown, not the
 * certificate, and talks to loopback only, so it does not verify it. ALPN offers HTTP/1.1 alone: an
 * http2 secure server with allowHTTP1 then answers in HTTP/1.1.
 */
function secureOver(socket: net.Socket, callback: buildConnector.Callback): tls.TLSSocket {
  const secure = tls.connect({ socket, rejectUnauthorized: false, ALPNProtocols: ['http/1.1'] });
  let answered = false;
  secure.once('secureConnect', () => {
    answered = true;
    callback(null, secure);
  });
  secure.once('error', (error) => {
    if (answered) return;
    answered = true;
    callback(error, null);
  });
  return secure;
}

/** What one request sends: the method (default GET), the path, headers and a body. */
export interface HttpAsk {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * The config's ordinary request number `index`. The executor refuses a scenario that names one the
 * config does not have, so a missing one here is a caller's bug.
 */
export function ordinaryRequest(routes: Routes, index: number): HttpAsk {
  const request = routes.requests?.[index];
  if (!request) throw new Error(`no request ${index} in the config's requests`);
  return { method: request.method, path: request.path, headers: { ...request.headers }, ...(request.body !== undefined ? { body: request.body } : {}) };
}

/**
 * Classifies a request that failed on an established connection, from what its socket saw: RST
 * (ECONNRESET/EPIPE) versus FIN ('end'), and whether any byte of the response had arrived.
 */
export function classifyFailure(watch: SocketWatch, responseBegun: boolean): Outcome {
  const begun = responseBegun;
  // An error with neither FIN nor RST seen is a reset the socket reported another way (EPIPE on write).
  const end = watch.serverEnd() ?? 'rst';
  if (begun) return end === 'rst' ? 'reset-mid-response' : 'truncated';
  return end === 'rst' ? 'reset-before-response' : 'closed-before-response';
}

function hasConnectionClose(rawHeaders: Buffer[] | string[] | null | undefined): boolean {
  if (!rawHeaders) return false;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i];
    // Under load this runs for every response: skip names of the wrong length before making strings.
    if (name === undefined || name.length !== 'connection'.length) continue;
    if (String(name).toLowerCase() === 'connection' && /\bclose\b/i.test(String(rawHeaders[i + 1]))) return true;
  }
  return false;
}
