/**
 * Strategy: drain with a deadline, in the style of Go's http.Server.Shutdown(ctx).
 *
 * On SIGTERM: stop listening, answer every response that starts from now on with `Connection: close`
 * (Go disables keep-alives first for the same reason: a client must not reuse a socket the server is
 * about to close), close idle keep-alive sockets, wait for in-flight requests, and give up at a hard
 * deadline below the grace period. Routes: `/` answers at once; `/slow?ms=N` answers after N ms.
 *
 * Its flaw: on Node 20 a connection that never sent a byte (a balancer's pre-opened socket) is not
 * idle to closeIdleConnections(), so it holds close() open until the deadline, which exits with code 1
 * (clean-exit).
 */
import http from 'node:http';

const DEADLINE_MS = Number(process.env.DRAIN_DEADLINE_MS ?? 25_000);
let draining = false;

const server = http.createServer((req, res) => {
  if (draining) res.setHeader('Connection', 'close');
  const url = new URL(req.url ?? '/', 'http://localhost');
  const ms = url.pathname === '/slow' ? Number(url.searchParams.get('ms') ?? 1000) : 0;
  const answer = () => {
    if (draining) res.setHeader('Connection', 'close');
    res.end(`ok after ${ms} ms\n`);
  };
  if (ms > 0) setTimeout(answer, ms);
  else answer();
});

process.on('SIGTERM', () => {
  draining = true;
  // close() stops the listener and (Node >= 19) closes idle keep-alive sockets once; its callback runs
  // when the last connection has ended.
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => {
    console.error('drain deadline reached; cutting what is left');
    process.exit(1);
  }, DEADLINE_MS).unref();
});

server.listen(Number(process.env.PORT ?? 3000));
