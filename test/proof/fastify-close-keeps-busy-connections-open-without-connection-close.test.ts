/**
 * fastify 5's `app.close()` lets requests finish and refuses new ones honestly (503 with
 * `Connection: close`), but the answer that ends a request in flight at the signal goes out on a
 * persistent connection without `Connection: close`, and a connection that never sent a byte holds
 * close() open until the SIGKILL at the end of the grace period.
 */
import { proveAgainstProbe, type Expectations } from './lib/prove.js';

/** From the hand probe: test/fixtures/real-servers/probes/fastify-close.txt and README.md there. */
const EXPECTED: Expectations = {
  'in-flight-complete': { verdict: 'holds', seen: 'the 15 s request was answered; the busy connection’s follow-up got an honest 503 with Connection: close' },
  'no-accept-then-drop': { verdict: 'holds', seen: 'every connection attempt from 50 ms on was refused' },
  deadline: { verdict: 'violated', seen: 'the silent connection held close() open; SIGKILL at 30 s' },
  'clean-exit': { verdict: 'holds', seen: 'no crash before the SIGKILL, which is deadline’s' },
  'websocket-going-away': { verdict: 'not-exercised', seen: 'no WebSocket endpoint' },
  'stream-clean-end': { verdict: 'holds', seen: 'the 15 s stream ended with its final chunk' },
  'drain-connection-close': { verdict: 'violated', seen: 'the busy connection’s 200 after the signal said keep-alive' },
  'keepalive-race': { verdict: 'violated', seen: 'requests written on idle connections at the signal got FIN and no answer (runs 2, 3), or RST (an earlier run)' },
  'no-shutdown-5xx': { verdict: 'holds', seen: 'the only 503 answered a request read after the signal' },
};

proveAgainstProbe('fastify-close', EXPECTED);
