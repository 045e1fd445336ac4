/**
 * Strategy: no signal handling at all.
 *
 * The server registers no SIGTERM listener, so Node keeps the signal's default action: the process
 * dies at once, killed by SIGTERM (exit status 128 + 15). That is a clean ending as far as the exit
 * status goes, but the kernel then closes every socket the process held, whatever it was doing:
 * - in-flight-complete: a request being worked on at the signal loses its connection with no answer;
 * - stream-clean-end: a chunked response stops without its terminating chunk;
 * - websocket-going-away: an open WebSocket ends with no close frame (the client reports 1006).
 * It never overstays (deadline holds) and new connections are refused because the listener died with
 * the process (no-accept-then-drop holds); it answers readiness 200 until it dies, and then nothing is
 * served through the kubernetes drain delay (readiness).
 *
 * Routes: `/` at once; `/slow?ms=N`; `/events?n=N&every=M` (chunked, N chunks every M ms); `/readyz`
 * (always 200: nothing here knows about draining); a WebSocket echo on any path.
 */
import http from 'node:http';
import { echoWebSockets, routes } from './lib/routes.js';

const server = http.createServer(routes);

echoWebSockets(server);

server.listen(Number(process.env.PORT ?? 3000));
