/**
 * Strategy: close-with-grace (2.x) around fastify (5.x)'s `close()`, as close-with-grace's README
 * shows ("Example with Fastify"): `closeWithGrace(async () => { await app.close() })`, with the
 * default `delay` of 10 000 ms.
 *
 * What happens on SIGTERM: close-with-grace races the callback against `delay` and then calls
 * `process.exit(0)` — or `process.exit(1)` if the delay ran out first. fastify's `close()` marks the
 * instance closing — every request that starts from then on gets a 503 with `Connection: close`
 * (`return503OnClosing`, on by default) — and calls `server.close()`, which on Node >= 19 also closes
 * idle sockets once. Expected to break:
 * - clean-exit: whatever keeps `server.close()` open for 10 s ends in exit status 1: a request longer
 *   than that, a socket that never sent a byte (not idle to Node 20's `closeIdleConnections()`), and a
 *   keep-alive socket busy at the signal that then idles — fastify's `keepAliveTimeout` is 72 s;
 * - drain-connection-close (warning): a response already in progress at the signal does not get
 *   `Connection: close` (fastify adds it only to requests that start while closing);
 * - readiness (kubernetes profile): it stops accepting at once, and `/readyz` stays 200 until then.
 * A request that arrives on a kept-open connection during the drain gets an honest 503 with
 * `Connection: close`. There are no WebSockets (fastify needs its @fastify/websocket plugin for them).
 *
 * Routes: `/` at once; `/slow?ms=N`; `/events?n=N&every=M` (chunked, a stream fastify pipes);
 * `/readyz` (200).
 */
import closeWithGrace from 'close-with-grace';
import Fastify from 'fastify';
import { fastifyRoutes } from './lib/routes.js';

const app = Fastify();

fastifyRoutes(app);

closeWithGrace(async ({ err }) => {
  if (err) app.log.error({ err }, 'server closing with error');
  await app.close();
});

// 0.0.0.0 as fastify's docs advise in containers; with its default, localhost, fastify opens one
// listener per address localhost resolves to (127.0.0.1 and ::1 on many hosts).
await app.listen({ port: Number(process.env.PORT ?? 3000), host: '0.0.0.0' });
