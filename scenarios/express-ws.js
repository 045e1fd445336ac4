/**
 * Strategy: express (5.x) with a `ws` (8.x) WebSocket server on the same HTTP server, shut down as
 * each one's docs say: Express's "Health checks and graceful shutdown" guide calls `server.close()` on
 * SIGTERM, and `ws`'s docs say `WebSocketServer#close()` does not close existing connections, which
 * "must be closed manually" — here with `ws.close()`, the call its API names for it, given no code.
 *
 * Expected to break:
 * - websocket-going-away: `ws.close()` with no code sends a close frame with no status code, which the
 *   client reports as 1005 — not 1001 "going away" (RFC 6455 §7.4.1), so it cannot tell a shutdown from
 *   any other close;
 * - drain-connection-close (warning): Node writes no `Connection: close`; a response finishing after
 *   the signal on a keep-alive connection advertises keep-alive;
 * - deadline: on Node 20 a connection that never sent a byte is not idle to the
 *   `closeIdleConnections()` that `close()` runs, so `close()` never completes until the SIGKILL; a
 *   request longer than the grace period does the same;
 * - readiness (kubernetes profile): it stops accepting at once and `/readyz` always answers 200.
 * Requests and streams in flight finish; idle keep-alive sockets are closed; new connections are
 * refused.
 *
 * Routes: `/` at once; `/slow?ms=N`; `/events?n=N&every=M` (chunked); `/readyz` (200); a WebSocket
 * echo on any path.
 */
import express from 'express';
import { WebSocketServer } from 'ws';

const app = express();

app.get('/', (_req, res) => {
  res.send('ok\n');
});
app.get('/readyz', (_req, res) => {
  res.send('ready\n');
});
app.get('/slow', (req, res) => {
  setTimeout(() => res.send('slow\n'), Number(req.query.ms ?? 1000));
});
app.get('/events', (req, res) => {
  const n = Number(req.query.n ?? 5);
  const every = Number(req.query.every ?? 100);
  let sent = 0;
  res.type('text/plain');
  const tick = () => {
    if (res.destroyed) return; // the client went away
    if (sent === n) return res.end();
    res.write(`event ${sent++}\n`);
    setTimeout(tick, every);
  };
  tick();
});

const server = app.listen(Number(process.env.PORT ?? 3000));
const sockets = new WebSocketServer({ server });
sockets.on('connection', (ws) => ws.on('message', (data) => ws.send(data)));

process.on('SIGTERM', () => {
  sockets.close();
  for (const ws of sockets.clients) ws.close();
  server.close(() => {
    console.log('HTTP server closed');
  });
});
