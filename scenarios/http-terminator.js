/**
 * Strategy: http-terminator (3.x), used as its README shows: `createHttpTerminator({ server })`, and
 * `await httpTerminator.terminate()` instead of `server.close()`.
 *
 * What `terminate()` does (dist/src/factories/createInternalHttpTerminator.js): from then on every new
 * response gets `connection: close`; sockets with no response in progress are destroyed at once;
 * sockets with one get `connection: close` on it; then it polls every 10 ms until they are all gone,
 * for at most `gracefulTerminationTimeout` — 1000 ms in the code, although the README documents a
 * default of 5000 ms — destroys what is left, and only then calls `server.close()`. Meanwhile a
 * `connection` listener destroys every new connection. Expected to break:
 * - no-accept-then-drop: the listener stays open for the whole drain, and connections accepted during
 *   it are destroyed before they are answered — the outcome a balancer cannot retry;
 * - in-flight-complete: a request that needs longer than the 1 s timeout is cut, although it would
 *   have finished well within the grace period;
 * - websocket-going-away: an upgraded socket has no response in progress, so it is destroyed at once
 *   and the WebSocket ends with no close frame (1006);
 * - deadline: `terminate()` resolves, but nothing exits the process, and a handler still working (the
 *   `/slow` timer of a request it cut) keeps it alive until the orchestrator's SIGKILL;
 * - readiness (kubernetes profile): no drain delay, and the readiness route always answers 200.
 * Streams shorter than the timeout end cleanly, idle and silent sockets are closed at once.
 *
 * Routes: `/` at once; `/slow?ms=N`; `/events?n=N&every=M` (chunked); `/readyz` (always 200); a
 * WebSocket echo on any path.
 */
import http from 'node:http';
import { echoWebSockets, routes } from './lib/routes.js';
import { createHttpTerminator } from 'http-terminator';

const server = http.createServer(routes);

echoWebSockets(server);

const httpTerminator = createHttpTerminator({ server });

process.on('SIGTERM', async () => {
  await httpTerminator.terminate();
});

server.listen(Number(process.env.PORT ?? 3000));
