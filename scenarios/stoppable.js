/**
 * Strategy: stoppable (1.x), used as its README's summary shows: `stoppable(server)` and
 * `server.stop()` on SIGTERM, with the default grace of Infinity ("don't force-close").
 *
 * What `stop()` does (lib/stoppable.js): on the next turn it closes the listener, ends with FIN every
 * socket that has no request in progress, and ends each other socket with FIN once its last response
 * has finished. The process then ends on its own. It keeps no list of upgraded sockets apart: a
 * WebSocket's socket never had an HTTP request counted on it, so it counts as idle. Expected to break:
 * - websocket-going-away: the WebSocket's socket is ended with a bare FIN, with no close frame, and
 *   the client reports 1006;
 * - drain-connection-close (warning): it never writes `Connection: close`; a response finishing
 *   after the signal on a keep-alive connection advertises keep-alive, and the FIN follows it;
 * - deadline: with no grace, a request longer than the grace period is waited for until the
 *   orchestrator's SIGKILL;
 * - readiness (kubernetes profile): no drain delay, and the readiness route always answers 200.
 * It holds the rest: requests and streams in flight finish, idle and silent sockets get a FIN, new
 * connections are refused.
 *
 * Routes: `/` at once; `/slow?ms=N`; `/events?n=N&every=M` (chunked); `/readyz` (always 200); a
 * WebSocket echo on any path.
 */
import http from 'node:http';
import stoppable from 'stoppable';
import { echoWebSockets, routes } from './lib/routes.js';

const server = stoppable(http.createServer(routes));

echoWebSockets(server);

process.on('SIGTERM', () => server.stop());

server.listen(Number(process.env.PORT ?? 3000));
