/**
 * Strategy: `server.close()` followed by `server.closeAllConnections()`.
 *
 * The usual fix for a `close()` that hangs on keep-alive sockets: Node's docs say
 * `closeAllConnections()` "closes all connections connected to this server", and it does, at once —
 * requests in flight included. The process then ends on its own. What it breaks:
 * - in-flight-complete: a request being worked on at the signal loses its connection unanswered;
 * - stream-clean-end: a chunked response is cut without its terminating chunk;
 * - websocket-going-away and deadline: upgraded sockets are no longer the HTTP server's connections, so
 *   `closeAllConnections()` leaves an open WebSocket alone, `close()` never completes, and the
 *   orchestrator's SIGKILL ends the WebSocket with no close frame (1006);
 * - deadline, again: a handler still working after its socket was destroyed (the `/slow` timer of a
 *   request longer than the grace period) keeps the process alive until the orchestrator's SIGKILL;
 * - readiness (kubernetes profile): it stops accepting at once and never fails its readiness route.
 * It refuses new connections (the listener is closed first) and ends connections that never sent a
 * byte, which `closeIdleConnections()` would have left open on Node 20.
 *
 * Routes: `/` at once; `/slow?ms=N`; `/events?n=N&every=M` (chunked); `/readyz` (always 200); a
 * WebSocket echo on any path.
 */
import http from 'node:http';
import { echoWebSockets, routes } from './lib/routes.js';

const server = http.createServer(routes);

echoWebSockets(server);

process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
});

server.listen(Number(process.env.PORT ?? 3000));
