/**
 * @godaddy/terminus as its README shows it (`timeout: 1000`) destroys every connection 1 s after the
 * signal: any request or stream that needs longer is cut, far inside the 30 s grace period; and the
 * answer to a request in flight at the signal goes out without `Connection: close`, so its client
 * reuses a connection that is closed at once.
 */
import { proveAgainstProbe, type Expectations } from './lib/prove.js';

/** From the hand probe: test/fixtures/real-servers/probes/express-terminus.txt and README.md there. */
const EXPECTED: Expectations = {
  'in-flight-complete': { verdict: 'violated', seen: 'a 15 s request got FIN with no byte at 1 s' },
  'no-accept-then-drop': { verdict: 'holds', seen: 'every connection attempt from 50 ms on was refused' },
  deadline: { verdict: 'holds', seen: 'ended at 1 s' },
  'clean-exit': { verdict: 'holds', seen: 'ended by the SIGTERM terminus re-sends itself (the signal’s default action)' },
  'websocket-going-away': { verdict: 'not-exercised', seen: 'no WebSocket endpoint' },
  'stream-clean-end': { verdict: 'violated', seen: 'a 15 s stream ended at 1 s with FIN and no final chunk' },
  'drain-connection-close': { verdict: 'violated', seen: 'the busy connection’s answer at 0.5 s said keep-alive' },
  'keepalive-race': { verdict: 'violated', seen: 'the busy connection’s next request, written as its answer arrived, got FIN and no answer' },
  'no-shutdown-5xx': { verdict: 'holds', seen: 'no request read before the signal was answered 5xx' },
};

proveAgainstProbe('express-terminus', EXPECTED);
