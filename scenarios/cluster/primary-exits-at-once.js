/**
 * Strategy (broken): a `node:cluster` primary that exits at once on the signal.
 *
 * The primary's handler is the common `process.on('SIGTERM', () => process.exit(0))`: its exit code
 * is clean, but its workers lose their channel to it, and Node's cluster makes a worker that loses its
 * primary exit at once (lib/internal/cluster/child.js, on 'disconnect'): every request in flight in
 * every worker is cut. The workers themselves do nothing on the signal.
 *
 * Routes: `/` at once; `/slow?ms=N` answers after N ms.
 */
import cluster from 'node:cluster';
import http from 'node:http';

const WORKERS = Number(process.env.WORKERS ?? 2);

if (cluster.isPrimary) {
  for (let i = 0; i < WORKERS; i++) cluster.fork();
  process.on('SIGTERM', () => process.exit(0));
} else {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const ms = url.pathname === '/slow' ? Number(url.searchParams.get('ms') ?? 1000) : 0;
    setTimeout(() => res.end(`ok after ${ms} ms\n`), ms);
  });
  server.listen(Number(process.env.PORT ?? 3000));
}
