/**
 * Strategy: the reference for a `node:cluster` server (as PM2's cluster mode runs one): a primary that
 * forks WORKERS workers, which share its port.
 *
 * The signal may come to the primary alone (a container runtime's PID 1, `kill <pid>`) or to the whole
 * process group (Ctrl-C, `kill -- -<pgid>`, a process manager stopping the group): both end in the same
 * drain, which each worker runs once.
 * - The primary, on SIGTERM or SIGINT, tells every worker to drain and then waits for all of them to
 *   exit before it exits: a primary that exits first takes its workers' channel with it, and Node's
 *   cluster makes a worker that loses its primary exit at once (lib/internal/cluster/child.js, on
 *   'disconnect'), mid-request.
 * - A worker, told to drain or sent the signal itself, stops listening (in round-robin mode the
 *   primary then hands it no more connections), ends its idle connections, answers what is in flight
 *   with `Connection: close`, and exits with code 0 once its last connection has ended.
 * - A hard deadline (DEADLINE_MS, 29 s: just below a 30 s grace period) in each worker ends what is
 *   left and exits 0, and the primary follows its workers.
 *
 * A message rather than `worker.disconnect()`, which would drain an HTTP server too (the worker's
 * server.close() lets what is in flight finish before the channel goes): the worker runs its own
 * drain, answering with `Connection: close` and keeping its own deadline.
 *
 * Routes: `/` at once; `/slow?ms=N` answers after N ms.
 */
import cluster from 'node:cluster';
import http from 'node:http';

const WORKERS = Number(process.env.WORKERS ?? 2);
const DEADLINE_MS = Number(process.env.DEADLINE_MS ?? 29_000);
const SHUTDOWN = 'shutdown';

if (cluster.isPrimary) {
  for (let i = 0; i < WORKERS; i++) cluster.fork();
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) {
      if (worker?.isConnected()) worker.send(SHUTDOWN);
    }
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
    const ms = url.pathname === '/slow' ? Number(url.searchParams.get('ms') ?? 1000) : 0;
    setTimeout(() => {
      if (draining) res.setHeader('Connection', 'close');
      res.end(`ok after ${ms} ms\n`);
    }, ms);
  });
  const drain = () => {
    if (draining) return;
    draining = true;
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => {
      server.closeAllConnections();
      process.exit(0);
    }, DEADLINE_MS).unref();
  };
  process.on('message', (message) => {
    if (message === SHUTDOWN) drain();
  });
  process.on('SIGTERM', drain);
  process.on('SIGINT', drain);
  server.listen(Number(process.env.PORT ?? 3000));
}
