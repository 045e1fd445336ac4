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

/** One session of the client: its TCP connection, what the server said on it, and the streams waiting for it. */
interface Session {
  number: number;
  session: http2.ClientHttp2Session | null;
  watch: SocketWatch | null;
  connecting: boolean;
  /** the server sent GOAWAY on it: no new stream goes there (RFC 9113 §6.8) */
  goaway: boolean;
  /** streams due while its TCP connection was still being made */
  waiting: (() => void)[];
}

function usable({ session, watch, goaway }: Session): boolean {
  return session !== null && watch !== null && !goaway && !session.closed && !session.destroyed && !watch.closed;
}

/**
 * HTTP/2 sessions as a real client keeps them (browsers, undici, grpc, Go's transport): its requests
 * each on a stream of its own, opened at their times whatever the others are doing, on one session
 * until the server sends GOAWAY, then on a new one. Each session runs on a TCP socket of the client's
 * own (under TLS with ALPN h2 when the target serves TLS, in clear text with prior knowledge
 * otherwise), so that the harness sees the TCP socket's FIN or RST, its byte counts and its local port,
 * as for HTTP/1.1.
 *
 * After a GOAWAY a stream due is not sent on that session (RFC 9113 §6.8): the client opens one new
 * session, numbered in `client-connect` (one at a time: streams due while it connects wait for it),
 * and sends the stream there; while a session is refused, each stream due tries a new one. A stream refused unprocessed — REFUSED_STREAM, which nghttp2 also gives a
 * stream past a GOAWAY's last stream id — is sent again, once, on the session new streams go to then
 * (a new one if its own went away): RFC 9113 §8.7 says the server did not process it, so a retry is
 * safe, and real clients do retry it. The retry is the same request (same request id for the agent),
 * recorded as one: its first try ends with `request-outcome` `stream-refused` marked `retried`, and the
 * retry's `request-sent` is marked `retry`; a retry refused again is the request's outcome. A stream
 * reset with any other code, or cut by the connection's end, may have been processed, and is not
 * retried.
 *
 * It records each stream's id and session when its HEADERS went out, each GOAWAY a session receives,
 * and each stream's outcome: complete; refused unprocessed; reset by the server's RST_STREAM with its
 * code; or cut by the end of the connection, classified from the TCP socket's FIN or RST as an
 * HTTP/1.1 request is. A session that ended without a GOAWAY, or whose connection was refused, is
 * replaced the same way when a stream is due: the client has no connection it may use.
 */
export class H2Client implements Client {
  readonly kind = 'h2';
  readonly id: string;
  private readonly sessions: Session[] = [];
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
    if (request) {
      this.pending++;
      this.open(op, keepAliveAsk(this.ctx, request), false);
    }
  }

  private get current(): Session | undefined {
    return this.sessions.at(-1);
  }

  private connect(): Session {
    const { ctx, id: client } = this;
    const state: Session = { number: this.sessions.length + 1, session: null, watch: null, connecting: true, goaway: false, waiting: [] };
    this.sessions.push(state);
    const session = state.number;
    ctx.record({ type: 'client-connect', client, session });
    const socket = net.connect({ host: ctx.host, port: ctx.port, noDelay: true });
    let connected = false;
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (connected) return;
      state.connecting = false;
      if (error.code === 'ECONNREFUSED') ctx.record({ type: 'client-refused', client, session });
      else ctx.harnessFailed?.(`connect failed with ${error.code ?? error.message}`);
      // The streams due meanwhile had no connection to go out on.
      for (const waiting of state.waiting.splice(0)) waiting();
    });
    socket.once('connect', () => {
      connected = true;
      state.connecting = false;
      // The target's certificate is its own: loopback only, and the shutdown is what is checked.
      const secure = ctx.tls ? tls.connect({ socket, rejectUnauthorized: false, ALPNProtocols: ['h2'] }) : null;
      const carrier = secure ?? socket;
      const watch = new SocketWatch(carrier, socket);
      state.watch = watch;
      void watch.closedPromise.then(() => ctx.record({ type: 'connection-ended', client, ...watch.ending(), session }));
      ctx.bindSocket(socket);
      ctx.record({ type: 'client-connected', client, session });
      const h2 = http2.connect(`${secure ? 'https' : 'http'}://${ctx.host}:${ctx.port}`, { createConnection: () => carrier });
      h2.on('goaway', (code: number, lastStreamId: number) => {
        state.goaway = true;
        ctx.record({ type: 'goaway-received', client, code, lastStreamId, session });
      });
      // A session error (the connection reset, a protocol error) also closes every stream, each of
      // which records its own outcome.
      h2.on('error', () => undefined);
      state.session = h2;
      for (const waiting of state.waiting.splice(0)) waiting();
    });
    return state;
  }

  /**
   * The session a new stream goes on: the current one while it can take streams (or is still
   * connecting, then the stream waits for it), otherwise a new one, as a real client opens a connection
   * when it has none it may use: the current one was told to go away, ended, or was refused.
   */
  private target(): Session {
    const current = this.current;
    if (current && (current.connecting || this.closing || usable(current))) return current;
    return this.connect();
  }

  private open(request: number, ask: HttpAsk, retry: boolean): void {
    this.unready++;
    const state = this.target();
    if (state.connecting) {
      state.waiting.push(() => this.send(state, request, ask, retry));
      return;
    }
    this.send(state, request, ask, retry);
  }

  private send(state: Session, request: number, ask: HttpAsk, retry: boolean): void {
    const { method = 'GET', path, headers = {}, body } = ask;
    const { ctx, id: client } = this;
    const injection = HOLD_HEADER in headers ? 'hold' : STREAM_HEADER in headers ? 'stream' : undefined;
    const sent = (streamId?: number): void =>
      ctx.record({
        type: 'request-sent',
        client,
        request,
        path,
        ...(injection ? { injection } : {}),
        ...(streamId !== undefined ? { streamId } : {}),
        session: state.number,
        ...(retry ? { retry: true as const } : {}),
      });
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
      // Refused unprocessed, so safe to send again (RFC 9113 §8.7): once, and not as the run ends.
      const again = outcome === 'stream-refused' && !retry && !this.closing;
      if (!again) this.pending--;
      ctx.record({
        type: 'request-outcome',
        client,
        request,
        outcome,
        ...(status !== undefined ? { status, connectionClose: false } : {}),
        bytesWritten: written,
        ...(rstCode !== undefined ? { rstCode } : {}),
        ...(again ? { retried: true as const } : {}),
      });
      if (again) this.open(request, ask, true);
    };
    const session = state.session;
    const watch = state.watch;
    if (session === null || watch === null) {
      // The connection was refused: nothing was sent.
      sent();
      return finish('refused');
    }
    if (state.goaway || session.closed || session.destroyed) {
      // Only while the run ends (a session that cannot take streams is otherwise replaced): nothing is sent.
      sent();
      if (state.goaway) return finish('stream-refused');
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
      return finish(state.goaway ? 'stream-refused' : classifyFailure(watch, false));
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

  acted = (): boolean => !this.sessions.some((s) => s.connecting) && this.unready === 0;
  inFlight = (): number => this.pending;
  openConnections = (): number => this.sessions.filter((s) => s.watch !== null && !s.watch.closed).length;

  async close(): Promise<void> {
    this.closing = true;
    for (const s of this.sessions) {
      s.session?.destroy();
      s.watch?.socket.destroy();
    }
    await Promise.all(this.sessions.map((s) => s.watch?.closedPromise));
  }
}
