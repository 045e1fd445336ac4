/**
 * Strategy: fastify (5.x)'s own `close()` on SIGTERM, with no deadline of its own:
 * `process.on('SIGTERM', () => app.close())`, the process ending on its own once the server has
 * closed.
 *
 * fastify's `close()` marks the instance closing — every request that starts from then on gets a 503
 * with `Connection: close` (`return503OnClosing`, on by default) — runs its onClose hooks and calls
 * `server.close()`, which on Node >= 19 also closes idle sockets once. Expected to break:
 * - deadline: `server.close()` waits for every other socket, and nothing else ends them within the
 *   grace period: a socket that never sent a byte (not idle to Node 20's `closeIdleConnections()`), a
 *   keep-alive socket busy at the signal that then idles (fastify's `keepAliveTimeout` is 72 s, past
 *   the 30 s grace period), a request longer than the grace period — the orchestrator's SIGKILL ends
 *   them all;
 * - drain-connection-close (warning): a response already in progress at the signal does not get
 *   `Connection: close`;
 * - readiness (kubernetes profile): it stops accepting at once, and `/readyz` stays 200 until then.
 * Requests and streams in flight finish; new connections are refused. No WebSockets (fastify needs
 * its @fastify/websocket plugin for them).
 *
 * Routes: `/` at once; `/slow?ms=N`; `/events?n=N&every=M` (chunked, a stream fastify pipes);
 * `/readyz` (200).
 */
import Fastify from 'fastify';
import { fastifyRoutes } from './lib/routes.js';

const app = Fastify();

fastifyRoutes(app);

process.on('SIGTERM', () => app.close());

// 0.0.0.0 as fastify's docs advise in containers; with its default, localhost, fastify opens one
// listener per address localhost resolves to (127.0.0.1 and ::1 on many hosts).
await app.listen({ port: Number(process.env.PORT ?? 3000), host: '0.0.0.0' });
