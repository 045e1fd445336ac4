/**
 * Strategy: `server.close()` and nothing else.
 *
 * The handler most tutorials show: `process.on('SIGTERM', () => server.close())`, the process ending
 * on its own once nothing keeps it alive. `close()` stops the listener, so new connections are refused
 * (no-accept-then-drop holds), and since Node 19 it also runs `closeIdleConnections()` once, so a
 * keep-alive socket idle at that moment is closed. Requests in flight are left to finish. What it
 * breaks, from Node's own behaviour:
 * - drain-connection-close (warning): Node writes no `Connection: close` on its own, so a response
 *   that finishes after the signal on a keep-alive connection invites the client to reuse it;
 * - that busy socket is not closed when it turns idle (closeIdleConnections ran once, before): it
 *   holds `close()` open until `keepAliveTimeout` runs out — 5 s on Node 20, and Node 20.20 arms the
 *   socket's timer 1 s beyond it — within the grace period here;
 * - deadline: on Node 20 a connection that never sent a byte is not idle to `closeIdleConnections()`,
 *   and nothing else ends it (`headersTimeout`, 60 s, is longer than the grace period), so `close()`
 *   never completes and the orchestrator's SIGKILL ends the process; a request longer than the grace
 *   period does the same;
 * - websocket-going-away and deadline: `close()` does not touch upgraded sockets, so an open WebSocket
 *   keeps it from completing until the SIGKILL, which ends the WebSocket with no close frame (1006);
 * - readiness (kubernetes profile): it stops accepting at once and never fails its readiness route.
 *
 * Routes: `/` at once; `/slow?ms=N`; `/events?n=N&every=M` (chunked); `/readyz` (always 200); a
 * WebSocket echo on any path.
 */
import http from 'node:http';
import { echoWebSockets, routes } from './lib/routes.js';

const server = http.createServer(routes);

echoWebSockets(server);

process.on('SIGTERM', () => server.close());

server.listen(Number(process.env.PORT ?? 3000));
