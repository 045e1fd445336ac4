/**
 * Strategy: exit at once on the signal.
 *
 * The most common hand-rolled handler (`process.on('SIGTERM', () => process.exit(0))`): the exit code
 * is clean, but every request in flight is cut: the kernel closes every open connection (with FIN,
 * since nothing unread is left in them) before any answer.
 * Routes: `/` answers at once; `/slow?ms=N` answers after N ms.
 */
import http from 'node:http';

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const ms = url.pathname === '/slow' ? Number(url.searchParams.get('ms') ?? 1000) : 0;
  setTimeout(() => res.end(`ok after ${ms} ms\n`), ms);
});

process.on('SIGTERM', () => process.exit(0));

server.listen(Number(process.env.PORT ?? 3000));
