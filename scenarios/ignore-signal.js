/**
 * Strategy: catch the signal and do nothing.
 *
 * A handler that only logs (or only flips a flag nobody reads) removes Node's default action, so the
 * process keeps listening until the orchestrator's SIGKILL at the end of the grace period cuts
 * everything at once. Routes: `/` answers at once; `/slow?ms=N` answers after N ms.
 */
import http from 'node:http';

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const ms = url.pathname === '/slow' ? Number(url.searchParams.get('ms') ?? 1000) : 0;
  setTimeout(() => res.end(`ok after ${ms} ms\n`), ms);
});

process.on('SIGTERM', () => console.log('SIGTERM received; carrying on'));

server.listen(Number(process.env.PORT ?? 3000));
