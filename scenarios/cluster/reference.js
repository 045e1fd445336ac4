/**
 * Strategy: the reference for a `node:cluster` server (as PM2's cluster mode runs one): a primary that
 * forks WORKERS workers, which share its port. Each worker drains as scenarios/reference.js does.
 *
 * The signal may come to the primary alone (a container runtime's PID 1, `kill <pid>`) or to the whole
 * process group (Ctrl-C, `kill -- -<pgid>`, a process manager stopping the group): both end in the same
 * drain, which each worker runs once.
 * - The primary, on SIGTERM or SIGINT, tells every worker to drain (a worker still starting, as it
 *   begins to listen) and then waits for all of them to exit before it exits: a primary that exits first takes its workers' channel with it, and Node's
 *   cluster makes a worker that loses its primary exit at once (lib/internal/cluster/child.js, on
 *   'disconnect'), mid-request.
 * - A worker, told to drain or sent the signal itself, stops listening (in round-robin mode the
 *   primary then hands it no more connections); responses from then on say `Connection: close`; a
 *   connection with nothing in flight is ended with FIN once its client has had a second to send the
 *   request it may be writing (one that never sent a byte too: Node 20's closeIdleConnections() leaves
 *   it open); and the worker exits with code 0 once its last connection has ended.
 * - A hard deadline (DEADLINE_MS, 29 s: just below a 30 s grace period) in each worker ends what is
 *   left and exits 0, and the primary follows its workers.
 *
 * A message rather than `worker.disconnect()`, which would drain an HTTP server too (the worker's
 * server.close() lets what is in flight finish before the channel goes): the worker runs its own
 * drain, with `Connection: close` and its own deadline.
 *
 * Routes: `/` at once; `/slow?ms=N` answers after N ms; `/events?n=N&every=M` (chunked, N chunks every
 * M ms).
 */
import cluster from 'node:cluster';
import http from 'node:http';
import net from 'node:net';

const WORKERS = Number(process.env.WORKERS ?? 2);
const DEADLINE_MS = Number(process.env.DEADLINE_MS ?? 29_000);
// How long a connection with nothing in flight may still send a request once the drain has begun.
const IDLE_GRACE_MS = 1_000;
const SHUTDOWN = 'shutdown';

if (cluster.isPrimary) {
  for (let i = 0; i < WORKERS; i++) cluster.fork();
  let stopping = false;
  // Only a worker that listens has its message handler in place: a message sent to one still loading
  // its code is lost (Node drops a message no listener takes), and it would start serving after the
  // drain began and never stop. One that comes up during the drain is told as it listens.
  /** @type {Set<import('node:cluster').Worker>} */
  const listening = new Set();
  /** @param {import('node:cluster').Worker} worker */
  const tell = (worker) => {
    if (worker.isConnected()) worker.send(SHUTDOWN);
  };
  cluster.on('listening', (worker) => {
    listening.add(worker);
    if (stopping) tell(worker);
  });
  const stop = () => {
    if (stopping) return;
    stopping = true;
    for (const worker of listening) tell(worker);
  };
  cluster.on('exit', () => {
    // Only once every worker is gone: each had its connections to finish.
    if (stopping && Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
  });
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} else {
  let draining = false;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (draining) res.setHeader('Connection', 'close');
    if (url.pathname === '/events') {
      const n = Number(url.searchParams.get('n') ?? 5);
      const every = Number(url.searchParams.get('every') ?? 100);
      let sent = 0;
      const tick = () => {
        if (sent === n) return res.end();
        res.write(`event ${sent++}\n`);
        setTimeout(tick, every);
      };
      return tick();
    }
    const ms = url.pathname === '/slow' ? Number(url.searchParams.get('ms') ?? 1000) : 0;
    setTimeout(() => {
      if (draining) res.setHeader('Connection', 'close');
      res.end(`ok after ${ms} ms\n`);
    }, ms);
  });

  /** @type {Map<import('node:net').Socket, number>} requests in flight per connection */
  const inFlight = new Map();
  /** @param {import('node:net').Socket} socket */
  const endWhenIdle = (socket) => {
    setTimeout(() => {
      if ((inFlight.get(socket) ?? 0) === 0) socket.end();
    }, IDLE_GRACE_MS).unref();
  };
  server.on('connection', (socket) => {
    inFlight.set(socket, 0);
    socket.on('close', () => inFlight.delete(socket));
    if (draining) endWhenIdle(socket);
  });
  /** @type {Set<http.ServerResponse>} responses not finished yet: ended, not cut, at the deadline */
  const unfinished = new Set();
  server.on('request', (req, res) => {
    const socket = req.socket;
    inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
    unfinished.add(res);
    res.on('close', () => unfinished.delete(res));
    res.on('finish', () => {
      const left = (inFlight.get(socket) ?? 1) - 1;
      inFlight.set(socket, left);
      if (draining && left === 0) endWhenIdle(socket);
    });
  });

  const drain = () => {
    if (draining) return;
    draining = true;
    // net.Server's close, not http.Server's: that one (Node >= 19) destroys the idle connections at
    // once, and a request their client wrote in that instant is lost. Each gets its grace instead.
    net.Server.prototype.close.call(server, () => process.exit(0));
    for (const [socket, requests] of inFlight) if (requests === 0) endWhenIdle(socket);
    setTimeout(() => {
      for (const res of unfinished) if (!res.writableEnded) res.end();
      setTimeout(() => process.exit(0), 100).unref();
    }, DEADLINE_MS).unref();
  };
  process.on('message', (message) => {
    if (message === SHUTDOWN) drain();
  });
  process.on('SIGTERM', drain);
  process.on('SIGINT', drain);
  server.listen(Number(process.env.PORT ?? 3000));
}
