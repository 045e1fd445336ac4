/**
 * Strategy (broken): GOAWAY sent, then the promise broken — every session destroyed at the signal.
 *
 * A server author who knows HTTP/2 needs GOAWAY, and reaches for the shortest way to send it:
 * `session.destroy()` on every open session, then exit. On Node 20 destroy() does send a GOAWAY
 * (NO_ERROR) with the last stream id the session took, and at once closes the connection (measured on
 * Node 20.20: GOAWAY, then FIN; the client sees its open streams cancelled). So the GOAWAY says "these
 * streams will be answered" and the same instant cuts them:
 * - http2-goaway: a stream at or below the GOAWAY's last stream id is reset (RFC 9113 §6.8: the
 *   sender of a GOAWAY should complete the streams up to it; a client may not retry them, since they
 *   may have been processed);
 * - in-flight-complete: the stream in flight at the signal is never answered.
 * Compare http2-goaway.js, which calls `session.close()`: GOAWAY, then the streams taken are finished.
 *
 * `TLS=1` serves HTTP/2 over TLS with the test-only certificate instead of h2c.
 * Routes: `/` at once; `/slow?ms=N`; `/events?n=N&every=M`.
 */
import http2 from 'node:http2';
import { serve } from './lib/routes.js';
import { testCertificate } from './lib/test-certificate.js';

const server = process.env.TLS === '1' ? http2.createSecureServer(testCertificate(), serve) : http2.createServer(serve);

/** @type {Set<import('node:http2').ServerHttp2Session>} */
const sessions = new Set();
server.on('session', (session) => {
  sessions.add(session);
  session.on('close', () => sessions.delete(session));
});

process.on('SIGTERM', () => {
  server.close();
  for (const session of sessions) session.destroy();
  // Exit once the destroyed sessions' sockets have closed: the GOAWAY and FIN are on the wire by then.
  setImmediate(() => process.exit(0));
});

server.listen(Number(process.env.PORT ?? 3000));
