/**
 * Strategy (broken): a `node:cluster` primary that gives its workers a fixed time to drain and then
 * kills them, as a process manager does at its kill timeout (PM2's `kill_timeout`, 1600 ms by default).
 *
 * On SIGTERM the primary calls `worker.disconnect()` on each worker, which is a good drain for an HTTP
 * server (the worker's server.close() lets what is in flight finish, and the worker disconnects once
 * its connections have ended), and exits once every worker has exited. But after KILL_TIMEOUT_MS it
 * SIGKILLs the workers still running: a request longer than that is cut mid-way.
 *
 * Routes: `/` at once; `/slow?ms=N` answers after N ms.
 */
import cluster from 'node:cluster';
import http from 'node:http';

const WORKERS = Number(process.env.WORKERS ?? 2);
const KILL_TIMEOUT_MS = Number(process.env.KILL_TIMEOUT_MS ?? 1_600);

if (cluster.isPrimary) {
  for (let i = 0; i < WORKERS; i++) cluster.fork();
  let stopping = false;
  process.on('SIGTERM', () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) {
      worker?.disconnect();
      setTimeout(() => worker?.process.kill('SIGKILL'), KILL_TIMEOUT_MS).unref();
    }
  });
  cluster.on('exit', () => {
    if (stopping && Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
  });
} else {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const ms = url.pathname === '/slow' ? Number(url.searchParams.get('ms') ?? 1000) : 0;
    setTimeout(() => res.end(`ok after ${ms} ms\n`), ms);
  });
  server.listen(Number(process.env.PORT ?? 3000));
}
