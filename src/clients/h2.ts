import http2 from 'node:http2';
import net from 'node:net';
import tls from 'node:tls';
import type { Outcome } from '../history/events.js';
import type { H2ClientSpec } from '../scenario/client-kinds/h2.js';
import { HOLD_HEADER, REQUEST_ID_HEADER, requestIdHeader, STREAM_HEADER } from '../target/agent-protocol.js';
import type { Client, ClientContext } from './client.js';
import { classifyFailure, type HttpAsk } from './http-connection.js';
import { keepAliveAsk } from './keep-alive-ask.js';
import { SocketWatch } from './socket-watch.js';

/** RFC 9113 §7: the stream was not processed; the only code that says so. */
const REFUSED_STREAM = http2.constants.NGHTTP2_REFUSED_STREAM;

/**
 * One HTTP/2 session, its requests each on a stream of its own, opened at their times whatever the
 * others are doing. The session runs on a TCP socket of the client's own (under TLS with ALPN h2 when
 * the target serves TLS, in clear text with prior knowledge otherwise), so that the harness sees the
 * TCP socket's FIN or RST, its byte counts and its local port, as for HTTP/1.1.
 *
 * It records each stream's id when its HEADERS went out, each GOAWAY the session receives, and each
 * stream's outcome: complete; refused unprocessed (REFUSED_STREAM, or past a GOAWAY's last stream id,
 * which nghttp2 closes with REFUSED_STREAM on the client's side; RFC 9113 §6.8); reset by the server's
 * RST_STREAM with its code; or cut by the end of the connection, classified from the TCP socket's FIN
 * or RST as an HTTP/1.1 request is.
 *
 * It opens one session and no other: a stream due once the session has been told to go away is not
 * sent (`stream-refused`, as an HTTP/2 client that honours GOAWAY does not send it there), and one due
 * after the connection ended is not sent either, its outcome the connection's end. Another session
 * would be another client's business.
 */
export class H2Client implements Client {
  readonly kind = 'h2';
  readonly id: string;
  private session: http2.ClientHttp2Session | null = null;
  private watch: SocketWatch | null = null;
  private connecting = false;
  private goaway = false;
  private pending = 0;
  /** streams asked for whose HEADERS have not gone out yet (or that failed before) */
  private unready = 0;
  private closing = false;

  constructor(
    private readonly spec: H2ClientSpec,
    private readonly ctx: ClientContext,
  ) {
    this.id = spec.id;
  }

  act(op: number): void {
    if (op === 0) this.connect();
    const request = this.spec.requests[op];
    if (request) this.open(op, keepAliveAsk(this.ctx, request));
  }

  private connect(): void {
    const { ctx, id: client } = this;
    ctx.record({ type: 'client-connect', client });
    this.connecting = true;
    const socket = net.connect({ host: ctx.host, port: ctx.port, noDelay: true });
    let connected = false;
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (connected) return;
      this.connecting = false;
      if (error.code === 'ECONNREFUSED') ctx.record({ type: 'client-refused', client });
      else ctx.harnessFailed?.(`connect failed with ${error.code ?? error.message}`);
      // The streams due meanwhile had no connection to go out on.
      for (const waiting of this.waiting.splice(0)) waiting();
    });
    socket.once('connect', () => {
      connected = true;
      this.connecting = false;
      // The target's certificate is its own: loopback only, and the shutdown is what is checked.
      const secure = ctx.tls ? tls.connect({ socket, rejectUnauthorized: false, ALPNProtocols: ['h2'] }) : null;
      const carrier = secure ?? socket;
      const watch = new SocketWatch(carrier, socket);
      this.watch = watch;
      void watch.closedPromise.then(() => ctx.record({ type: 'connection-ended', client, ...watch.ending() }));
      ctx.bindSocket(socket);
      ctx.record({ type: 'client-connected', client });
      const session = http2.connect(`${secure ? 'https' : 'http'}://${ctx.host}:${ctx.port}`, { createConnection: () => carrier });
      session.on('goaway', (code: number, lastStreamId: number) => {
        this.goaway = true;
        ctx.record({ type: 'goaway-received', client, code, lastStreamId });
      });
      // A session error (the connection reset, a protocol error) also closes every stream, each of
      // which records its own outcome.
      session.on('error', () => undefined);
      this.session = session;
      for (const waiting of this.waiting.splice(0)) waiting();
    });
  }

  /** streams due while the TCP connection was still being made */
  private readonly waiting: (() => void)[] = [];


  private open(request: number, ask: HttpAsk): void {
    this.pending++;
    this.unready++;
    if (this.session === null && this.connecting) {
      this.waiting.push(() => this.open2(request, ask));
      return;
    }
    this.open2(request, ask);
  }

  private open2(request: number, { method = 'GET', path, headers = {}, body }: HttpAsk): void {
    const { ctx, id: client } = this;
    const injection = HOLD_HEADER in headers ? 'hold' : STREAM_HEADER in headers ? 'stream' : undefined;
    const sent = (streamId?: number): void =>
      ctx.record({ type: 'request-sent', client, request, path, ...(injection ? { injection } : {}), ...(streamId !== undefined ? { streamId } : {}) });
    let ready = false;
    const becameReady = (): void => {
      if (ready) return;
      ready = true;
      this.unready--;
    };
    let done = false;
    let status: number | undefined;
    let written = false;
    const finish = (outcome: Outcome, rstCode?: number): void => {
      if (done) return;
      done = true;
      becameReady();
      this.pending--;
      ctx.record({
        type: 'request-outcome',
        client,
        request,
        outcome,
        ...(status !== undefined ? { status, connectionClose: false } : {}),
        bytesWritten: written,
        ...(rstCode !== undefined ? { rstCode } : {}),
      });
    };
    const session = this.session;
    const watch = this.watch;
    if (session === null || watch === null) {
      // The connection was refused: nothing was sent.
      sent();
      return finish('refused');
    }
    if (this.goaway || session.closed || session.destroyed) {
      sent();
      // Told to go away: a client that honours GOAWAY sends no new stream there (RFC 9113 §6.8).
      if (this.goaway) return finish('stream-refused');
      return finish(classifyFailure(watch, false));
    }
    let stream: http2.ClientHttp2Stream;
    try {
      stream = session.request({
        ':method': method,
        ':path': path,
        ...headers,
        [REQUEST_ID_HEADER]: requestIdHeader(client, request),
      });
    } catch {
      sent();
      return finish(this.goaway ? 'stream-refused' : classifyFailure(watch, false));
    }
    const onReady = (): void => {
      sent(stream.id);
      becameReady();
    };
    // On a session already connected, request() submits the HEADERS and emits 'ready' before it returns.
    if (stream.id !== undefined) onReady();
    else stream.once('ready', onReady);
    stream.on('response', (head) => {
      status = Number(head[':status']);
      ctx.record({ type: 'response-began', client, request, status, connectionClose: false });
    });
    stream.on('data', () => undefined);
    let ended = false;
    stream.once('end', () => {
      ended = true;
    });
    stream.on('error', () => undefined);
    stream.once('close', () => {
      if (!ready) sent(stream.id);
      // The request's HEADERS (and body) went out with END_STREAM once the writable side finished.
      written = stream.writableFinished || stream.sentHeaders !== undefined;
      const code = stream.rstCode ?? 0;
      if (ended && code === http2.constants.NGHTTP2_NO_ERROR) return finish('complete');
      if (this.closing && watch.serverEnd() === null) return finish('timeout');
      if (code === REFUSED_STREAM) return finish('stream-refused', code);
      // Closed because the connection ended (Node closes what is left of a session whose socket ended
      // with CANCEL of its own): how the connection ended says what happened.
      const end = watch.serverEnd();
      if (end !== null || session.destroyed) return finish(classifyFailure(watch, status !== undefined));
      finish(status !== undefined ? 'reset-mid-response' : 'reset-before-response', code);
    });
    stream.end(body);
  }

  acted = (): boolean => !this.connecting && this.unready === 0;
  inFlight = (): number => this.pending;
  openConnections = (): number => (this.watch && !this.watch.closed ? 1 : 0);

  async close(): Promise<void> {
    this.closing = true;
    this.session?.destroy();
    this.watch?.socket.destroy();
    if (this.watch) await this.watch.closedPromise;
  }
}
