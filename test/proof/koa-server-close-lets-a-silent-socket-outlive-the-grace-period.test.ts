/**
 * koa with Node's plain `server.close()` lets every request finish, but a connection that never sent
 * a byte is not idle to Node 20, so close() never calls back and the process is SIGKILLed at the end
 * of the grace period; and a connection busy at the signal goes on answering without
 * `Connection: close`.
 */
import { proveAgainstProbe, type Expectations } from './lib/prove.js';

/** From the hand probe: test/fixtures/real-servers/probes/koa-server-close.txt and README.md there. */
const EXPECTED: Expectations = {
  'in-flight-complete': { verdict: 'holds', seen: 'the 15 s request, the busy one and its follow-up were all answered' },
  'no-accept-then-drop': { verdict: 'holds', seen: 'every connection attempt from 50 ms on was refused' },
  deadline: { verdict: 'violated', seen: 'the silent connection held close() open; SIGKILL at 30 s' },
  'clean-exit': { verdict: 'holds', seen: 'no crash before the SIGKILL, which is deadline’s' },
  'websocket-going-away': { verdict: 'not-exercised', seen: 'no WebSocket endpoint' },
  'stream-clean-end': { verdict: 'holds', seen: 'the 15 s stream ended with its final chunk' },
  'drain-connection-close': { verdict: 'violated', seen: 'the busy connection’s two answers after the signal said keep-alive' },
  'keepalive-race': { verdict: 'violated', seen: '5 requests written on idle connections at the signal got FIN and no answer (run 3)' },
  'no-shutdown-5xx': { verdict: 'holds', seen: 'no request read before the signal was answered 5xx' },
};

proveAgainstProbe('koa-server-close', EXPECTED);
