// @ts-check
/**
 * The protocol between the harness and the agent, the one place it is written: the agent imports it
 * as it is (Node loads the agent with no build step), the harness through agent-protocol.ts. Types are
 * JSDoc, which the compiler reads in both.
 *
 * Settings go to the agent in environment variables (AGENT_ENV). Events come back as JSON lines on a
 * pipe (AgentEvent), commands go over the IPC channel (AgentCommand) and each is answered on the same
 * pipe (AgentControl). Requests tell the agent who sent them, and what it should inject, in headers.
 */

/** The environment variables the harness sets for the agent, and the agent removes before the target runs. */
export const AGENT_ENV = Object.freeze({
  /** the fd of the events pipe */
  eventsFd: 'SHUTDOWN_CHECK_EVENTS_FD',
  /** `virtual` or `real` */
  clock: 'SHUTDOWN_CHECK_CLOCK',
  /** `1`: keep the ports the target asks for instead of remapping them to ephemeral ones */
  keepPorts: 'SHUTDOWN_CHECK_KEEP_PORTS',
  /** real clock only: real ms per scenario ms */
  timeScale: 'SHUTDOWN_CHECK_TIME_SCALE',
  /** `1` in a `node:cluster` worker forked by a primary the agent watches (cluster.mjs) */
  worker: 'SHUTDOWN_CHECK_WORKER',
});

/**
 * Marks the agent's messages between a cluster primary and its workers. Node emits a message whose
 * `cmd` begins with `NODE_` as 'internalMessage', never as 'message' (lib/internal/child_process.js,
 * isInternal), and cluster itself reads only `NODE_CLUSTER`: the application sees none of ours.
 */
export const CLUSTER_CMD = 'NODE_SHUTDOWN_CHECK';

/**
 * What the agent's error says when a target forks a cluster worker under the virtual clock (see
 * cluster.mjs): the harness reads it in the target's uncaught exception and names the real clock.
 */
export const CLUSTER_NEEDS_REAL_CLOCK = 'shutdown-check: a target that forks node:cluster workers runs under the real clock only';

/** Marks the harness's IPC messages, so that the agent ignores any other message the target gets. */
export const COMMAND_CHANNEL = 'shutdown-check';

/** The request header that tells the agent which client and request a server-side request is. */
export const REQUEST_ID_HEADER = 'x-shutdown-check-request';

/** The request header that asks the agent to hold the target's answer for this many ms. */
export const HOLD_HEADER = 'x-shutdown-check-hold';

/**
 * The request header that asks the agent to release the handler's answer as a stream over
 * `chunks` × `everyMs`: `<chunks>,<everyMs>` with `,sse` for Server-Sent Events.
 */
export const STREAM_HEADER = 'x-shutdown-check-stream';

/**
 * @param {string} client
 * @param {number} request
 * @returns {string}
 */
export function requestIdHeader(client, request) {
  return `${client}#${request}`;
}

/**
 * The request a REQUEST_ID_HEADER value names, or null for a request no client of the harness sent.
 * @param {string | string[] | undefined} header
 * @returns {RequestId}
 */
export function parseRequestIdHeader(header) {
  const value = Array.isArray(header) ? header[0] : header;
  const match = typeof value === 'string' ? /^(.+)#(\d+)$/.exec(value) : null;
  return match ? { client: String(match[1]), request: Number(match[2]) } : null;
}

/**
 * The hold a HOLD_HEADER value asks for, in ms, or null for none.
 * @param {string | string[] | undefined} header
 * @returns {number | null}
 */
export function parseHoldHeader(header) {
  const ms = Number(header);
  return Number.isFinite(ms) && ms > 0 ? ms : null;
}

/**
 * The trickle a STREAM_HEADER value asks for, or null for none. A step is at least 1 ms.
 * @param {string | string[] | undefined} header
 * @returns {Trickle | null}
 */
export function parseStreamHeader(header) {
  const match = typeof header === 'string' ? /^(\d+),(\d+)(,sse)?$/.exec(header) : null;
  if (!match) return null;
  return { chunks: Number(match[1]), every: Math.max(1, Number(match[2])), sse: match[3] !== undefined };
}

/**
 * @typedef {object} Trickle what a STREAM_HEADER asks for
 * @property {number} chunks
 * @property {number} every ms between chunks
 * @property {boolean} sse Server-Sent Events
 */

/** @typedef {{ client: string; request: number } | null} RequestId */

/**
 * A command from the harness: `status` asks for the answer at once (after the target has been quiet);
 * `advance` first moves the virtual clock to `to`.
 * @typedef {object} AgentCommand
 * @property {typeof COMMAND_CHANNEL} channel
 * @property {'status' | 'advance'} op
 * @property {number} seq echoed in the answer
 * @property {number} [to] virtual ms, for `advance`
 */

/**
 * Every event carries `hr`: when it happened in the target, in µs of the machine's monotonic clock
 * (`process.hrtime`, CLOCK_MONOTONIC, the same for every process on the machine). Under the real clock
 * the harness times agent events by it, not by when it read them from the pipe.
 * @typedef {EventStamp & AgentEventBody} AgentEvent
 */

/**
 * @typedef {object} EventStamp
 * @property {number} hr
 * @property {number} [proc] in a `node:cluster` tree: the worker's id (cluster.worker.id), 0 for the
 *   primary once it has forked; absent outside a cluster
 * @property {number} [vt] under the virtual clock: its time when the event happened (the same scale
 *   as AgentControl's `now`). A move of the clock that ends in the target's exit gets no answer; this
 *   says where it got.
 */

/**
 * @typedef {ListeningEvent | ListenerClosedEvent | ConnectionOpenedEvent | ConnectionClosedEvent
 *   | RequestStartedEvent | ResponseStartedEvent | ResponseFinishedEvent | UpgradeEvent
 *   | SignalHandlerAddedEvent | SignalHandledEvent | UncaughtExceptionEvent | ExitEvent
 *   | WorkerKilledEvent} AgentEventBody
 */

/** @typedef {{ kind: 'event'; type: 'listening'; listener: number; port: number | null; upgrade: boolean }} ListeningEvent */
/** @typedef {{ kind: 'event'; type: 'listener-closed'; listener: number }} ListenerClosedEvent */
/** @typedef {{ kind: 'event'; type: 'connection-opened'; peerPort: number | null }} ConnectionOpenedEvent */
/** @typedef {{ kind: 'event'; type: 'connection-closed'; peerPort: number | null; hadError: boolean }} ConnectionClosedEvent */

/**
 * @typedef {object} RequestStartedEvent
 * @property {'event'} kind
 * @property {'request-started'} type
 * @property {RequestId} id
 * @property {number | null} peerPort
 * @property {string} method
 * @property {string} path
 * @property {true} [socketEnded] the server had already ended the connection (socket.end()) when it
 *   read this request
 */

/**
 * The response's status line and headers were fixed (writeHead, explicit or implicit): the moment the
 * server decided whether to say `Connection: close`, which may come well before the bytes go out.
 * @typedef {object} ResponseStartedEvent
 * @property {'event'} kind
 * @property {'response-started'} type
 * @property {RequestId} id
 * @property {number | null} peerPort
 * @property {number} status
 * @property {boolean} connectionClose
 * @property {true} [afterSignalHandler] a signal handler of the target's had begun to run: the target
 *   knew it was shutting down
 */

/**
 * @typedef {object} ResponseFinishedEvent
 * @property {'event'} kind
 * @property {'response-finished'} type
 * @property {RequestId} id
 * @property {number | null} peerPort
 * @property {number} status
 * @property {boolean} connectionClose
 * @property {'applied' | 'no-effect'} [injection] present when the request asked the agent for latency
 *   or streaming: `no-effect` when the agent could not hold or trickle this answer (see injection.mjs)
 */

/** @typedef {{ kind: 'event'; type: 'upgrade'; id: RequestId; peerPort: number | null }} UpgradeEvent */
/** @typedef {{ kind: 'event'; type: 'signal-handler-added'; signal: string }} SignalHandlerAddedEvent */
/** @typedef {{ kind: 'event'; type: 'signal-handled'; signal: string }} SignalHandledEvent */
/** @typedef {{ kind: 'event'; type: 'uncaught-exception'; message: string }} UncaughtExceptionEvent */
/**
 * @typedef {object} ExitEvent
 * @property {'event'} kind
 * @property {'exit'} type
 * @property {number} code
 * @property {number[]} [workersAlive] a cluster primary's exit: the ids of the workers it forked that
 *   had not exited yet (each left to die of the lost channel, mid-request, or orphaned)
 * @property {true} [primaryLost] a cluster worker's exit after its channel to the primary closed with
 *   no disconnect() asked for: the primary had gone, and Node's cluster ends such a worker at once
 */

/**
 * A cluster primary saw one of its workers killed by a signal: the worker's own agent had no 'exit'
 * event to report it with.
 * @typedef {{ kind: 'event'; type: 'worker-killed'; worker: number; signal: string }} WorkerKilledEvent
 */

/**
 * The answer to a command: the virtual now and the next due timer (null under the real clock), and
 * what the listening servers are: HTTP or not, with an 'upgrade' listener (a WebSocket endpoint) or not,
 * and the paths of the `ws` WebSocketServers made with a `path` option.
 * @typedef {object} AgentControl
 * @property {'control'} kind
 * @property {number} seq
 * @property {number | null} now
 * @property {number | null} next
 * @property {boolean} upgrade
 * @property {boolean} http some listener is an HTTP server (otherwise the target is a raw TCP service)
 * @property {Protocols} [protocols] what its HTTP listeners speak (absent from an older agent: HTTP/1.1
 *   in clear text)
 * @property {string[]} websocketPaths distinct, first created first; a handshake on any other path is
 *   answered 400
 * @property {WireCount[]} wire every connection the target's servers accepted and have not destroyed
 * @property {number} [starting] a node:cluster primary: how many of its workers are running and have
 *   not listened yet
 * @property {boolean} [observed] after an `advance`: whether the target did something visible on the
 *   way (an event, a socket written, ended or destroyed, I/O started or finished). The clock stops
 *   right after the first step that did, so `now` may be short of where it was asked to go.
 * @property {string} [unfaithful] after an `advance` that did not move: the target waits on something
 *   the virtual clock does not control (a worker thread, a child process, a timer made inside Node), in
 *   words
 */

/**
 * What the target's HTTP listeners speak, each true when some listening server does.
 * @typedef {object} Protocols
 * @property {boolean} http1 HTTP/1.1 in clear text (http.Server)
 * @property {boolean} https HTTP/1.1 over TLS (https.Server, or an http2 secure server with allowHTTP1)
 * @property {boolean} h2c HTTP/2 in clear text with prior knowledge (http2.createServer)
 * @property {boolean} h2 HTTP/2 over TLS, chosen by ALPN (http2.createSecureServer)
 */

/**
 * What one accepted connection has carried so far, as the target's side sees it.
 * @typedef {object} WireCount
 * @property {number} port the peer's port: the harness client's local port
 * @property {number} read bytes read from the kernel
 * @property {number} written bytes handed to the kernel
 * @property {boolean} finReceived the peer's FIN has been read
 * @property {boolean} finSent the target's FIN has been handed to the kernel
 * @property {boolean} reading the target reads what arrives (not stopped by a pause or a full buffer)
 */

/** @typedef {AgentEvent | AgentControl} AgentMessage */
