/**
 * A `ws` server on `/chat` that sends every WebSocket a 1001 close frame on SIGTERM: each client is
 * told "going away" before its connection ends. Its HTTP side is Node's plain `server.close()`, with
 * that one's flaws (a silent connection holds the exit past the grace period; answers after the signal
 * lack `Connection: close`).
 */
import { proveAgainstProbe, type Expectations } from './lib/prove.js';

/** From the hand probe: test/fixtures/real-servers/probes/ws-chat-going-away.txt and README.md there. */
const EXPECTED: Expectations = {
  'in-flight-complete': { verdict: 'holds', seen: 'the 15 s request, the busy one and its follow-up were all answered' },
  'no-accept-then-drop': { verdict: 'holds', seen: 'every connection attempt from 50 ms on was refused' },
  deadline: { verdict: 'violated', seen: 'the silent connection held close() open; SIGKILL at 30 s' },
  'clean-exit': { verdict: 'holds', seen: 'no crash before the SIGKILL, which is deadline’s' },
  'websocket-going-away': { verdict: 'holds', seen: 'the WebSocket got close frame 1001 at 2 ms, then FIN' },
  'stream-clean-end': { verdict: 'holds', seen: 'the 15 s stream ended with its final chunk' },
  'drain-connection-close': { verdict: 'violated', seen: 'the busy connection’s two answers after the signal said keep-alive' },
  'keepalive-race': { verdict: 'violated', seen: 'requests written on idle connections at the signal got FIN and no answer' },
  'no-shutdown-5xx': { verdict: 'holds', seen: 'no request read before the signal was answered 5xx' },
};

proveAgainstProbe('ws-chat-going-away', EXPECTED);
