import type { InvariantId } from '../checkers/catalogue.js';

/** What a violation of one invariant means for the people a service serves, and the usual way out. */
export interface Advice {
  meaning: string;
  fix: string;
}

/**
 * One entry per invariant of the catalogue, in words for the engineer who owns the service. Used by
 * the strategy report (reports/strategies.md) and anywhere a verdict needs its "so what".
 */
export const ADVICE: Readonly<Record<InvariantId, Advice>> = {
  'in-flight-complete': {
    meaning:
      'Every deploy fails the requests that happen to be in progress: their clients see a reset or an empty ' +
      'reply instead of an answer, and a client that retries a non-idempotent request may do the work twice.',
    fix:
      'On the signal, stop accepting but let what was accepted finish: call `server.close()` and exit from its ' +
      'callback, not from the signal handler. Keep your own deadline just below the orchestrator\'s grace period, ' +
      'and make any library timeout (http-terminator\'s `gracefulTerminationTimeout`, terminus\'s `timeout`, ' +
      'lightship\'s one-second `terminate()`) longer than your slowest request.',
  },
  'no-shutdown-5xx': {
    meaning:
      'Requests that were already being handled when the deploy began are answered with a server error: the ' +
      'application tore down what its handlers need (a database pool, a queue or cache client) before they finished.',
    fix:
      'Close resources in the reverse order of their use: stop accepting, let `server.close()` drain the requests ' +
      'in flight, and only then close the database pool and other clients (in its callback, or an onClose hook).',
  },
  'no-accept-then-drop': {
    meaning:
      'A client that connected after the signal had its connection accepted and then dropped. A refused ' +
      'connection is retried elsewhere by balancers and clients at once; an accepted-then-reset one is an error ' +
      'the user sees.',
    fix:
      'Close the listener first, so that new connections are refused by the kernel, and answer every request on ' +
      'a connection that was accepted (a 503 with `Connection: close` is an honest answer). Never destroy sockets ' +
      'as they are accepted, and poll a quit flag no slower than you can afford connections to wait. A connection ' +
      'reset from the listen backlog that was already waiting when the handler began is avoided by letting the ' +
      'event loop accept what is queued before closing the listener (a few `setImmediate` turns).',
  },
  deadline: {
    meaning:
      'The process outlived its grace period and was killed with SIGKILL, as the kubelet does: everything still ' +
      'open was cut without a word, and every deploy takes the full grace period.',
    fix:
      'Enforce a deadline of your own below the grace period. Close what keeps `server.close()` waiting: idle ' +
      'keep-alive sockets (`closeIdleConnections()`), sockets that never sent a byte (Node 20 does not count them ' +
      'as idle: track them yourself), and WebSockets (close frame 1001). Do not leave ref\'d timers running.',
  },
  'clean-exit': {
    meaning:
      'The process ended with a crash or a non-zero status: the orchestrator counts a failed container, alerts ' +
      'fire, and logs tell a crash where there was a deploy.',
    fix:
      'Exit with status 0 once the drain is done. Make fallback timers that exit with 1 (close-with-grace\'s ' +
      '`delay`, lightship\'s `terminate()`) longer than the drain they guard, and handle errors on the shutdown path.',
  },
  'websocket-going-away': {
    meaning:
      'WebSocket clients saw their connection drop (close code 1006) instead of a "going away": a browser cannot ' +
      'tell a deploy from a crash, and reconnect logic that backs off on errors reconnects late.',
    fix:
      'On shutdown, send each open WebSocket a close frame with 1001 (going away, RFC 6455 §7.4.1) or 1012 ' +
      '(service restart) — for `ws`, `for (const ws of wss.clients) ws.close(1001)` — and let the close handshake ' +
      'finish before the socket ends; `server.close()` and `WebSocketServer.close()` do not do it.',
  },
  'stream-clean-end': {
    meaning:
      'A streaming response (chunked download, Server-Sent Events) was cut mid-body: the client gets an error, ' +
      'or, if it does not check, a truncated body it may take for the whole.',
    fix:
      'End streams with their terminating chunk (`res.end()`) before the process goes, early if the deadline ' +
      'requires it; for Server-Sent Events, send a `retry:` hint first so that clients reconnect to another instance.',
  },
  'drain-connection-close': {
    meaning:
      'Responses sent during the drain on keep-alive connections did not say `Connection: close`, so clients keep ' +
      'reusing sockets the server is about to close: the next request on them can be lost in that race.',
    fix:
      'While draining, add `Connection: close` to every response (`res.setHeader(\'Connection\', \'close\')`), as ' +
      'Go\'s `Shutdown` does by disabling keep-alives; Node\'s `server.close()` does not do it on its own.',
  },
  'keepalive-race': {
    meaning:
      'A request written on a reused idle connection was lost because the server closed that connection as the ' +
      'request arrived. Clients retry idempotent requests on such a reset; not POSTs.',
    fix:
      'Tell clients before closing (`Connection: close` on the last response), and keep the server\'s ' +
      '`keepAliveTimeout` longer than the idle timeout of the clients and balancers in front of it.',
  },
  readiness: {
    meaning:
      'Behind a Kubernetes Service, endpoints are removed after SIGTERM, not before: a server that stops accepting ' +
      'at once refuses traffic still routed to it, and one whose readiness stays 200 keeps attracting it.',
    fix:
      'On SIGTERM, fail readiness (503) at once, keep serving for a drain delay of a few seconds (or a `preStop` ' +
      'sleep), and only then stop accepting and drain.',
  },
};
