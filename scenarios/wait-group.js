/**
 * Strategy: connection-state tracking with a wait group, after Go's net/http.
 *
 * Every connection carries a state, as Go's `http.ConnState` names them: `new` (accepted, no request
 * yet), `active` (a request in flight), `idle` (between keep-alive requests) and `hijacked` (upgraded
 * to a WebSocket: no longer the HTTP server's business). A wait group counts the connections that are
 * not hijacked. On SIGTERM, as `http.Server.Shutdown` does: stop listening, disable keep-alive
 * (`Connection: close` on every response not yet started), close idle connections with FIN, close
 * `new` ones once they have been silent for 5 s (Go counts a new connection as idle only then), close
 * each active one as soon as its response is done, and wait for the group to reach zero; then exit 0.
 * A deadline (DEADLINE_MS, 25 s) gives up with exit status 1, as a Go main does with
 * `log.Fatal(srv.Shutdown(ctx))` when the context expires.
 *
 * Expected to break, because it copies Go faithfully:
 * - websocket-going-away: Go's Shutdown "does not attempt to close nor wait for hijacked connections";
 *   here the wait group does not count them either, so the process exits under an open WebSocket,
 *   which ends with no close frame (1006);
 * - clean-exit: a request that outlasts the deadline makes the process exit with status 1;
 * - readiness (kubernetes profile): it stops accepting at once and never fails its readiness route.
 * It holds the rest: in-flight requests and streams finish, idle and silent sockets get a FIN, no
 * new connection is accepted after the signal.
 *
 * Routes: `/` at once; `/slow?ms=N`; `/events?n=N&every=M` (chunked); `/readyz` (always 200); a
 * WebSocket echo on any path.
 */
import http from 'node:http';
import { echoWebSockets, routes } from './lib/routes.js';

const DEADLINE_MS = Number(process.env.DEADLINE_MS ?? 25_000);
/** Go's Shutdown treats a connection that has sent nothing for this long as idle. */
const NEW_IS_IDLE_AFTER_MS = 5_000;

/** A counter that resolves its waiters when it comes back to zero, like Go's sync.WaitGroup. */
class WaitGroup {
  count = 0;
  /** @type {Array<() => void>} */
  waiters = [];
  add() {
    this.count++;
  }
  done() {
    this.count--;
    if (this.count === 0) for (const resolve of this.waiters.splice(0)) resolve();
  }
  /** @returns {Promise<void>} */
  wait() {
    return this.count === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }
}

/** @typedef {{ state: 'new' | 'active' | 'idle' | 'hijacked'; since: number; response: http.ServerResponse | null }} Conn */
/** @type {Map<import('node:net').Socket, Conn>} */
const conns = new Map();
const group = new WaitGroup();
let shuttingDown = false;

/** @param {import('node:net').Socket} socket */
function closeIfIdle(socket) {
  const conn = conns.get(socket);
  if (!conn) return;
  if (conn.state === 'idle') socket.end();
  if (conn.state === 'new') {
    const wait = Math.max(0, conn.since + NEW_IS_IDLE_AFTER_MS - Date.now());
    setTimeout(() => {
      if (conns.get(socket)?.state === 'new') socket.end();
    }, wait);
  }
}

const server = http.createServer((req, res) => {
  const conn = conns.get(req.socket);
  if (conn) Object.assign(conn, { state: 'active', response: res });
  res.on('finish', () => {
    const current = conns.get(req.socket);
    if (current?.response !== res) return;
    Object.assign(current, { state: 'idle', since: Date.now(), response: null });
    if (shuttingDown) closeIfIdle(req.socket);
  });
  if (shuttingDown) res.setHeader('Connection', 'close');

  routes(req, res);
});

server.on('connection', (socket) => {
  conns.set(socket, { state: 'new', since: Date.now(), response: null });
  group.add();
  socket.on('close', () => {
    const conn = conns.get(socket);
    conns.delete(socket);
    if (conn && conn.state !== 'hijacked') group.done();
  });
  if (shuttingDown) closeIfIdle(socket);
});

// An upgraded socket leaves the wait group, as a hijacked connection leaves Go's tracking.
server.on('upgrade', (req) => {
  const conn = conns.get(req.socket);
  if (conn && conn.state !== 'hijacked') {
    conn.state = 'hijacked';
    group.done();
  }
});
echoWebSockets(server);

process.on('SIGTERM', async () => {
  shuttingDown = true;
  server.close();
  for (const [socket, conn] of conns) {
    // Keep-alive off for responses that have not started yet.
    if (conn.state === 'active' && conn.response && !conn.response.headersSent) {
      conn.response.setHeader('Connection', 'close');
    }
    closeIfIdle(socket);
  }
  setTimeout(() => {
    console.error('shutdown deadline exceeded');
    process.exit(1);
  }, DEADLINE_MS).unref();
  await group.wait();
  process.exit(0);
});

server.listen(Number(process.env.PORT ?? 3000));
