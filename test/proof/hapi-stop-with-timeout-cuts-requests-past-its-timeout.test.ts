/**
 * @hapi/hapi's `server.stop({ timeout: 10000 })` destroys every connection still open 10 s after the
 * signal: a request or a stream that needs longer is cut, although it would have finished within the
 * 30 s grace period; and a second SIGTERM makes stop() throw ("Cannot stop server while in stopping
 * phase"), so the process crashes with code 1 and cuts what it was draining. The default search must
 * say so, and must credit what hapi does right (idle sockets ended, `connection: close` on responses
 * during the stop, an exit at 10 s).
 */
import { proveAgainstProbe, type Expectations } from './lib/prove.js';

/** From the hand probe: test/fixtures/real-servers/probes/hapi-stop-timeout.txt and README.md there. */
const EXPECTED: Expectations = {
  'in-flight-complete': { verdict: 'violated', seen: 'a 15 s request got FIN with no byte at 10 s' },
  'no-accept-then-drop': { verdict: 'holds', seen: 'every connection attempt from 50 ms on was refused' },
  deadline: { verdict: 'holds', seen: 'exit at 10 s' },
  'clean-exit': {
    verdict: 'violated',
    seen: 'exit code 0 after one SIGTERM; a second SIGTERM 10 ms later: stop() threw "Cannot stop server while in stopping phase", exit code 1',
  },
  'websocket-going-away': { verdict: 'not-exercised', seen: 'no WebSocket endpoint' },
  'stream-clean-end': { verdict: 'violated', seen: 'a 15 s stream ended at 10 s with FIN and no final chunk' },
  'drain-connection-close': { verdict: 'holds', seen: 'the busy connection’s answer after the signal said connection: close' },
  'keepalive-race': { verdict: 'violated', seen: '4 requests written on idle connections at the signal got FIN and no answer' },
  'no-shutdown-5xx': { verdict: 'holds', seen: 'no request read before the signal was answered 5xx' },
};

proveAgainstProbe('hapi-stop-timeout', EXPECTED);
