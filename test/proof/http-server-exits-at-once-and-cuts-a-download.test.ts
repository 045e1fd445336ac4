/**
 * http-server's own SIGTERM handler calls `process.exit()` at once: a 20 MB download in flight at the
 * signal is cut mid-body, and requests written on idle keep-alive connections at that moment are
 * reset unread.
 */
import { proveAgainstProbe, type Expectations } from './lib/prove.js';

/** From the hand probe: test/fixtures/real-servers/probes/http-server-static.txt and README.md there. */
const EXPECTED: Expectations = {
  'in-flight-complete': { verdict: 'violated', seen: 'a download in flight got 4,005,888 of 20,971,520 bytes, then FIN' },
  'no-accept-then-drop': { verdict: 'holds', seen: 'every connection attempt after the signal was refused' },
  deadline: { verdict: 'holds', seen: 'exit 25 ms after the signal' },
  'clean-exit': { verdict: 'holds', seen: 'exit code 0' },
  'websocket-going-away': { verdict: 'not-exercised', seen: 'no WebSocket endpoint' },
  'stream-clean-end': { verdict: 'violated', seen: 'a second download mid-body at the signal ended short of its Content-Length' },
  'drain-connection-close': { verdict: 'not-exercised', seen: 'no response started after the signal: the process was gone' },
  'keepalive-race': { verdict: 'violated', seen: '5 requests written on idle connections at the signal got RST' },
  'no-shutdown-5xx': { verdict: 'holds', seen: 'no request read before the signal was answered 5xx' },
};

proveAgainstProbe('http-server-static', EXPECTED);
