/**
 * A `ws` server on `/chat` that only calls `server.close()` on SIGTERM never closes its WebSockets:
 * no close frame is sent, close() never calls back while one is open, and the SIGKILL at the end of
 * the grace period cuts the connection (1006 at the client).
 */
import { proveAgainstProbe, type Expectations } from './lib/prove.js';

/** From the hand probe: test/fixtures/real-servers/probes/ws-chat-never-closes.txt and README.md there. */
const EXPECTED: Expectations = {
  'in-flight-complete': { verdict: 'holds', seen: 'the 15 s request, the busy one and its follow-up were all answered' },
  'no-accept-then-drop': { verdict: 'holds', seen: 'every connection attempt from 50 ms on was refused' },
  deadline: { verdict: 'violated', seen: 'the open WebSocket (and the silent connection) held close() open; SIGKILL at 30 s' },
  'clean-exit': { verdict: 'holds', seen: 'no crash before the SIGKILL, which is deadline’s' },
  'websocket-going-away': { verdict: 'violated', seen: 'the WebSocket got no close frame; its connection ended at the SIGKILL' },
  'stream-clean-end': { verdict: 'holds', seen: 'the 15 s stream ended with its final chunk' },
  'drain-connection-close': { verdict: 'violated', seen: 'the busy connection’s two answers after the signal said keep-alive' },
  'keepalive-race': { verdict: 'violated', seen: 'a request written on an idle connection at the signal got FIN and no answer (an earlier run)' },
  'no-shutdown-5xx': { verdict: 'holds', seen: 'no request read before the signal was answered 5xx' },
};

proveAgainstProbe('ws-chat-never-closes', EXPECTED);
