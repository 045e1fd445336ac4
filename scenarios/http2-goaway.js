/**
 * Strategy: the reference for HTTP/2 — every session is told to go away, and finishes what it took.
 *
 * HTTP/2 carries many requests on one connection, and `Connection: close` does not exist in it: a
 * server that stops says so with GOAWAY (RFC 9113 §6.8), whose last stream id tells the client which
 * of its streams will still be answered and which it may retry elsewhere. On SIGTERM (or SIGINT; a
 * second signal changes nothing):
 * - the listener closes, so new connections are refused;
 * - every session gets `session.close()`: Node 20 sends GOAWAY (NO_ERROR) with the last stream id it
 *   has taken, answers every stream up to it, and closes the connection once they are done (measured
 *   on Node 20.20: one GOAWAY at close(), a second with the same id as the session ends, then FIN).
 *   A stream the client opened before it read the GOAWAY is refused with REFUSED_STREAM by nghttp2,
 *   unprocessed, which a client may retry;
 * - `server.close()` alone would not do it: on Node 20 it stops the listener and leaves every open
 *   session as it is, without GOAWAY, taking new streams on them (measured; see http2-close-then-exit.js);
 * - RFC 9113 §6.8 recommends two GOAWAYs, the first with the largest stream id (2^31-1), the second
 *   after a round trip with the real one. Node's `session.goaway(code, 2 ** 31 - 1)` on Node 20.20
 *   reaches the client as that GOAWAY followed at once by one with the real id (nghttp2 sends the
 *   session's own): no round trip between them, so this strategy does not pretend to the two steps;
 * - a hard deadline (29 s, below a 30 s grace period) ends every answer still running cleanly (a
 *   stream gets its END_STREAM, early) and exits 0 once they are out (at most FINAL_CHUNKS_MS later):
 *   destroying the sessions would reset the very streams their GOAWAY promised to answer.
 *
 * `TLS=1` serves HTTP/2 over TLS (ALPN h2) with the test-only certificate instead of h2c.
 * Routes: `/` at once; `/slow?ms=N`; `/events?n=N&every=M`.
 */
import http2 from 'node:http2';
import { serve } from './lib/routes.js';
import { testCertificate } from './lib/test-certificate.js';

const DEADLINE_MS = Number(process.env.DEADLINE_MS ?? 29_000);
// How long the deadline waits for the ends it wrote to go out before exiting anyway.
const FINAL_CHUNKS_MS = 100;

const server = process.env.TLS === '1' ? http2.createSecureServer(testCertificate(), serve) : http2.createServer(serve);

/** @type {Set<import('node:http2').ServerHttp2Session>} */
const sessions = new Set();
let draining = false;

server.on('session', (session) => {
  sessions.add(session);
  session.on('close', () => sessions.delete(session));
  // A session that opened in the instant before the listener closed is told to go away as well.
  if (draining) session.close();
});

/** @type {Set<import('node:http2').Http2ServerResponse>} answers not finished yet */
const unfinished = new Set();
server.on('request', (_req, res) => {
  unfinished.add(res);
  res.on('close', () => unfinished.delete(res));
});

function deadline() {
  for (const res of unfinished) if (!res.writableEnded) res.end();
  setTimeout(() => process.exit(0), unfinished.size === 0 ? 0 : FINAL_CHUNKS_MS).unref();
}

function shutdown() {
  if (draining) return;
  draining = true;
  setTimeout(deadline, DEADLINE_MS).unref();
  server.close(() => process.exit(0));
  for (const session of sessions) session.close();
}

process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

server.listen(Number(process.env.PORT ?? 3000));
