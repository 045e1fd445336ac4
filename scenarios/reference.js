/**
 * Strategy: the reference — a shutdown that holds every invariant.
 *
 * On SIGTERM (or SIGINT; a second signal changes nothing):
 * - readiness (`/readyz`) answers 503 from the signal on, so a balancer stops sending new traffic;
 * - every response that starts from the signal on says `Connection: close` (as Go's Shutdown disables
 *   keep-alives), so clients stop reusing connections the server is about to close;
 * - under the kubernetes profile (DRAIN_DELAY_MS > 0) it keeps serving for that long first, because
 *   endpoints are removed at the same time as SIGTERM, not before;
 * - then it stops listening — after letting the event loop poll the listener a few more times, so that
 *   every connection that completed its handshake before the drain began is accepted and answered
 *   instead of reset from the listen backlog (Linux resets whatever is still in a listener's accept
 *   queue when it closes) — and only then ends every connection with no request in flight (FIN), so
 *   that a client that reconnects at once is refused, not reset from the listen backlog; one that has
 *   not sent a request yet — new, or accepted in the instant before the listener closed — gets
 *   NEW_GRACE_MS first, as Go's Shutdown gives connections in StateNew, because its request may be in
 *   the socket's buffer, unread: ending it then would drop a connection that was accepted; one that
 *   has served requests gets REUSE_GRACE_MS, because its client may be reusing it that very instant,
 *   and a request that comes is answered (with Connection: close) rather than lost in the keep-alive
 *   race;
 * - every WebSocket gets a close frame 1001 "going away" (RFC 6455 §7.4.1); `ws` 8's
 *   WebSocketServer.close() does not do that for us;
 * - streams carry on to their terminating chunk;
 * - a hard deadline (DEADLINE_MS, 29 s: just below a 30 s grace period) ends whatever is left cleanly
 *   — a stream gets its final chunk, early; an answer whose head was not sent yet says Connection:
 *   close — and exits with code 0, FINAL_CHUNKS_MS later: what it shortens could not have finished in
 *   time anyway. A request that comes in those last milliseconds (on a connection whose last answer
 *   began before the drain, so it could not say close) is answered at once and ended, with Connection:
 *   close — a 503 for a slow answer or a stream, which could only be cut by the exit — never started
 *   and then cut.
 *
 * Routes: `/` at once; `/slow?ms=N`; `/events?n=N&every=M` (chunked, N chunks every M ms); `/readyz`;
 * a WebSocket echo on any path. `TLS=1` serves them over TLS (https.Server) with the test-only
 * certificate (https-reference.js).
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { WebSocketServer } from 'ws';

const DRAIN_DELAY_MS = Number(process.env.DRAIN_DELAY_MS ?? 0);
// Just below the orchestrator's grace period (30 s by default): what is still running then could not
// have finished in time anyway, and exiting on our own beats the SIGKILL.
const DEADLINE_MS = Number(process.env.DEADLINE_MS ?? 29_000);
// How long the deadline waits for the final chunks it wrote before exiting anyway. With DEADLINE_MS it
// leaves 900 ms of a 30 s grace period (counted from when the signal was sent, not from when this
// process got to run its handler) for the signal's delivery and the exit: 90 ms under a real clock
// played at a tenth of real time, which a busy machine can take.
const FINAL_CHUNKS_MS = 100;
// How long a connection that has sent no request yet may still send one once the drain has begun.
const NEW_GRACE_MS = 1_000;
// How long a kept-alive connection with nothing in flight may still send a request once the drain has
// begun. Its last answer began before the drain and did not say Connection: close, so its client may be
// writing the next request as we decide to close: ending the connection under it would lose that request
// (the keep-alive race, which neither undici nor Node's agent retries). One that comes in this time is
// answered, with Connection: close; after it the connection ends with FIN.
const REUSE_GRACE_MS = 1_000;
// How many more times the event loop polls the listener before it closes. libuv runs the signal's
// callback after the other events of the poll that found it, but a handshake the kernel completed
// after that poll began waits for the next one, and closing the listener in the handler resets it
// (Linux resets what is left in the accept queue at close). Each poll accepts all that is queued
// (libuv's uv__server_io accepts until EAGAIN). What arrives after the last poll is reset by the
// close: no server can accept a connection that arrives in the instant of its close. Measured in
// reports/reference-soak.md: one poll left some connections made before the handler to be reset,
// three none.
const POLLS_BEFORE_CLOSE = 3;
let ready = true;
let draining = false;
// Set at the hard deadline: the process exits FINAL_CHUNKS_MS later, too soon to serve anything that
// takes time.
let pastDeadline = false;

/** @type {http.RequestListener} */
const handler = (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (draining) res.setHeader('Connection', 'close');
  if (pastDeadline && (url.pathname === '/slow' || url.pathname === '/events')) {
    // The exit comes before this could end: started, it would be cut (a stream mid-body, an answer
    // reset). An honest refusal instead (RFC 9110 §15.6.4), which a client may retry elsewhere.
    res.statusCode = 503;
    res.end('shutting down\n');
    return;
  }
  if (url.pathname === '/readyz') {
    res.statusCode = ready ? 200 : 503;
    res.end(ready ? 'ready\n' : 'draining\n');
  } else if (url.pathname === '/slow') {
    setTimeout(() => {
      // The deadline ended it already: its head is sent, and setting a header now would throw.
      if (res.writableEnded) return;
      if (draining) res.setHeader('Connection', 'close');
      res.end('slow\n');
    }, Number(url.searchParams.get('ms') ?? 1000));
  } else if (url.pathname === '/events') {
    const n = Number(url.searchParams.get('n') ?? 5);
    const every = Number(url.searchParams.get('every') ?? 100);
    let sent = 0;
    const tick = () => {
      if (res.writableEnded) return; // the deadline gave it its final chunk early
      if (sent === n) return res.end();
      res.write(`event ${sent++}\n`);
      setTimeout(tick, every);
    };
    tick();
  } else {
    res.end('ok\n');
  }
};
// Imported only over TLS, so that this file copied alone (the starting point of a user's own server)
// still runs: it needs nothing of this repository but `ws`.
const server =
  process.env.TLS === '1'
    ? https.createServer((await import('./lib/test-certificate.js')).testCertificate(), handler)
    : http.createServer(handler);

// Any path with `Upgrade: websocket` opens an echo WebSocket.
const sockets = new WebSocketServer({ server });
sockets.on('connection', (ws) => ws.on('message', (data) => ws.send(data)));

// Requests in flight per connection. closeIdleConnections() is not enough: on Node 20 a connection
// that never sent a byte (a balancer's pre-opened socket) is not idle to it, and holds close() open.
const inFlight = new Map();
/** connections that have sent a request */
const used = new WeakSet();
let stopped = false;

/**
 * Ends a connection with nothing in flight, with FIN, once it has had the time to send what it may be
 * sending: REUSE_GRACE_MS for one that has served a request, NEW_GRACE_MS for one that has not. A request
 * that comes meanwhile is answered with Connection: close, and Node ends the connection after it.
 * @param {import("node:net").Socket} socket
 */
function endWhenIdle(socket) {
  setTimeout(
    () => {
      if ((inFlight.get(socket) ?? 0) === 0) socket.end();
    },
    used.has(socket) ? REUSE_GRACE_MS : NEW_GRACE_MS,
  ).unref();
}

// Over TLS, the socket a request comes on is the TLS socket, which 'secureConnection' gives.
server.on(process.env.TLS === '1' ? 'secureConnection' : 'connection', (/** @type {import('node:net').Socket} */ socket) => {
  inFlight.set(socket, 0);
  socket.on('close', () => inFlight.delete(socket));
  // Accepted after the stop swept the connections (the kernel accepted it before the listener closed).
  if (stopped) endWhenIdle(socket);
});
server.on('upgrade', (req) => inFlight.delete(req.socket)); // WebSockets get their own close frame
server.on('request', (req, res) => {
  const socket = req.socket;
  used.add(socket);
  inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
  res.on('finish', () => {
    const left = (inFlight.get(socket) ?? 1) - 1;
    inFlight.set(socket, left);
    // A response that began before the drain did not say Connection: close: end its socket once its
    // client has had the time to reuse it.
    if (draining && left === 0) endWhenIdle(socket);
  });
});

// Responses not finished yet: at the deadline they are ended, not cut — a stream gets its final chunk.
const unfinished = new Set();
server.on('request', (_req, res) => {
  unfinished.add(res);
  res.on('close', () => unfinished.delete(res));
});

/**
 * The hard deadline: end what is still running cleanly (final chunks, close frames), then exit 0 —
 * what is cut here could not have finished within the grace period, and a clean exit code keeps the
 * orchestrator from reporting a crash for a deliberate stop.
 */
function deadline() {
  pastDeadline = true;
  for (const res of unfinished) {
    if (res.writableEnded) continue;
    // An answer whose head is still unsent (a slow one read before the signal) starts now, during the
    // drain: it says close like every other answer that starts from the signal on.
    if (!res.headersSent) res.setHeader('Connection', 'close');
    res.end();
  }
  for (const ws of sockets.clients) ws.close(1001, 'server shutting down');
  const exit = () => process.exit(0);
  if (unfinished.size === 0) return exit();
  // Let the final chunks reach the wire before exiting, but never past the grace period; and do not exit
  // the instant they are out: the streams ended here began before the drain and did not say Connection:
  // close, so their clients may be writing the next request on those connections right now. One that
  // comes in this time is answered at once and ended (with Connection: close; see pastDeadline in the
  // handler) rather than reset by the exit, or started and then cut by it. Once every connection has
  // ended, server.close()'s callback exits sooner.
  setTimeout(exit, FINAL_CHUNKS_MS).unref();
}

/**
 * Runs `fn` once the event loop has been through `polls` more poll phases: a turn's check phase
 * (setImmediate, real under the virtual clock too) follows its poll phase.
 * @param {number} polls
 * @param {() => void} fn
 */
function afterPolls(polls, fn) {
  let left = polls;
  setImmediate(function wait() {
    if (left-- === 0) fn();
    else setImmediate(wait);
  });
}

function stop() {
  afterPolls(POLLS_BEFORE_CLOSE, stopListening);
}

function stopListening() {
  stopped = true;
  // The listener first, then the idle connections, in the order of Go's Shutdown. http.Server's own
  // close() (Node >= 19) closes the idle connections first: a client whose idle keep-alive connection
  // just got its FIN reconnects at once, its handshake completes in the kernel's listen backlog, and
  // closing the listener then resets it — a connection accepted and dropped instead of refused.
  net.Server.prototype.close.call(server, () => process.exit(0));
  // Not closeIdleConnections(): it destroys an idle connection at once, and a request its client wrote
  // in that instant is lost. Each idle connection gets its grace first (endWhenIdle).
  for (const [socket, requests] of inFlight) if (requests === 0) endWhenIdle(socket);
  for (const ws of sockets.clients) ws.close(1001, 'server shutting down');
}

/**
 * One shutdown, whichever signal asks for it and however often: SIGTERM comes twice when a supervisor
 * forwards it to a process that also gets it through its group (`npm start` under `docker stop`), and
 * SIGINT follows it when someone presses Ctrl-C during the drain. A second signal changes nothing: the
 * drain already has its deadline. (Without a listener, SIGINT's default action would end the process
 * at once and cut what the drain is finishing.)
 */
function shutdown() {
  if (draining) return;
  ready = false;
  // Connection: close from the signal on, even while still serving through the drain delay: a client
  // then opens a fresh connection per request, which the balancer can send elsewhere.
  draining = true;
  setTimeout(deadline, DEADLINE_MS).unref();
  if (DRAIN_DELAY_MS > 0) setTimeout(stop, DRAIN_DELAY_MS);
  else stop();
}

process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

server.listen(Number(process.env.PORT ?? 3000));
