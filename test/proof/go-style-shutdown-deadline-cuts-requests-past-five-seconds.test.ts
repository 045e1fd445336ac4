/**
 * A Go `Shutdown(ctx)`-style drain with a 5 s context gives up at 5 s and exits 0: a request or a
 * stream that needs longer is cut, although it would have finished within the 30 s grace period.
 * Everything else it does as Go does: the listener closes, idle connections are ended, answers during
 * the drain say `Connection: close`.
 */
import { proveAgainstProbe, type Expectations } from './lib/prove.js';

/** From the hand probe: test/fixtures/real-servers/probes/go-style-shutdown-deadline.txt and README.md there. */
const EXPECTED: Expectations = {
  'in-flight-complete': { verdict: 'violated', seen: 'a 15 s request got FIN with no byte at 5 s' },
  'no-accept-then-drop': { verdict: 'holds', seen: 'every connection attempt from 50 ms on was refused' },
  deadline: { verdict: 'holds', seen: 'exit at 5 s' },
  'clean-exit': { verdict: 'holds', seen: 'exit code 0' },
  'websocket-going-away': { verdict: 'not-exercised', seen: 'no WebSocket endpoint' },
  'stream-clean-end': { verdict: 'violated', seen: 'a 15 s stream ended at 5 s with FIN and no final chunk' },
  'drain-connection-close': { verdict: 'holds', seen: 'the busy connection’s answer after the signal said Connection: close' },
  'keepalive-race': { verdict: 'violated', seen: 'a request written on an idle connection at the signal got RST (an earlier run)' },
  'no-shutdown-5xx': { verdict: 'holds', seen: 'no request read before the signal was answered 5xx' },
};

proveAgainstProbe('go-style-shutdown-deadline', EXPECTED);
