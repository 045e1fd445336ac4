/**
 * Strategy (broken): HTTP/2 drained as HTTP/1.1 is — `server.close()`, then exit once the work is done.
 *
 * It looks graceful: the listener closes, every stream in flight is answered, and the process exits 0
 * when none is left. But on Node 20 `server.close()` sends no GOAWAY and leaves each open session
 * taking streams (measured on Node 20.20), so the exit ends every session with a bare FIN:
 * - http2-goaway: a session open at the signal ends without a GOAWAY, so its client cannot tell which
 *   of its streams were taken, and a stream it opens on it as the process exits is lost unanswered;
 * - in-flight-complete: a stream opened on a session after the signal is taken, then cut by the exit.
 *
 * `TLS=1` serves HTTP/2 over TLS with the test-only certificate instead of h2c.
 * Routes: `/` at once; `/slow?ms=N`; `/events?n=N&every=M`.
 */
import http2 from 'node:http2';
import { serve } from './lib/routes.js';
import { testCertificate } from './lib/test-certificate.js';

const server = process.env.TLS === '1' ? http2.createSecureServer(testCertificate(), serve) : http2.createServer(serve);

let streams = 0;
let draining = false;
server.on('stream', (stream) => {
  streams++;
  stream.on('close', () => {
    streams--;
    if (draining && streams === 0) process.exit(0);
  });
});

process.on('SIGTERM', () => {
  draining = true;
  server.close();
  if (streams === 0) process.exit(0);
});

server.listen(Number(process.env.PORT ?? 3000));
