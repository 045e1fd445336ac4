/** What the agent (agent.mjs) writes on its events pipe, one JSON object a line. */

export type RequestId = { client: string; request: number } | null;

/**
 * Every event carries `hr`: when it happened in the target, in µs of the machine's monotonic clock
 * (`process.hrtime`, CLOCK_MONOTONIC, the same for every process on the machine). Under the real clock
 * the harness times agent events by it, not by when it read them from the pipe.
 */
export type AgentEvent = {
  hr: number;
  /**
   * under the virtual clock: its time when the event happened (the same scale as AgentControl's
   * `now`). A move of the clock that ends in the target's exit gets no answer; this says where it got.
   */
  vt?: number;
} & AgentEventBody;

export type AgentEventBody =
  | { kind: 'event'; type: 'listening'; listener: number; port: number | null; upgrade: boolean }
  | { kind: 'event'; type: 'listener-closed'; listener: number }
  | { kind: 'event'; type: 'connection-opened'; peerPort: number | null }
  | { kind: 'event'; type: 'connection-closed'; peerPort: number | null; hadError: boolean }
  | {
      kind: 'event';
      type: 'request-started';
      id: RequestId;
      peerPort: number | null;
      method: string;
      path: string;
      /** the server had already ended the connection (socket.end()) when it read this request */
      socketEnded?: true;
    }
  /**
   * The response's status line and headers were fixed (writeHead, explicit or implicit): the moment the
   * server decided whether to say `Connection: close`, which may come well before the bytes go out
   */
  | {
      kind: 'event';
      type: 'response-started';
      id: RequestId;
      peerPort: number | null;
      status: number;
      connectionClose: boolean;
      /** a signal handler of the target's had begun to run: the target knew it was shutting down */
      afterSignalHandler?: true;
    }
  | {
      kind: 'event';
      type: 'response-finished';
      id: RequestId;
      peerPort: number | null;
      status: number;
      connectionClose: boolean;
      /**
       * present when the request asked the agent for latency or streaming: `no-effect` when the agent
       * could not hold or trickle this answer (see agent-injection.mjs)
       */
      injection?: 'applied' | 'no-effect';
    }
  | { kind: 'event'; type: 'upgrade'; id: RequestId; peerPort: number | null }
  | { kind: 'event'; type: 'signal-handler-added'; signal: string }
  | { kind: 'event'; type: 'signal-handled'; signal: string }
  | { kind: 'event'; type: 'uncaught-exception'; message: string }
  | { kind: 'event'; type: 'exit'; code: number };

/**
 * The answer to a command: the virtual now and the next due timer (null under the real clock), and
 * what the listening servers are: HTTP or not, with an 'upgrade' listener (a WebSocket endpoint) or not,
 * and the paths of the `ws` WebSocketServers made with a `path` option.
 */
export type AgentControl = {
  kind: 'control';
  seq: number;
  now: number | null;
  next: number | null;
  upgrade: boolean;
  /** some listener is an HTTP server (otherwise the target is a raw TCP service) */
  http: boolean;
  /** distinct, first created first; a handshake on any other path is answered 400 */
  websocketPaths: string[];
  /**
   * after an `advance`: whether the target did something visible on the way (an event, a socket
   * written, ended or destroyed, I/O started or finished). The clock stops right after the first step
   * that did, so `now` may be short of where it was asked to go.
   */
  observed?: boolean;
  /**
   * after an `advance` that did not move: the target waits on something the virtual clock does not
   * control (a worker thread, a child process, a timer made inside Node), in words
   */
  unfaithful?: string;
};

export type AgentMessage = AgentEvent | AgentControl;

/** The request header that tells the agent which client and request a server-side request is. */
export const REQUEST_ID_HEADER = 'x-shutdown-check-request';

/** The request header that asks the agent to hold the target's answer for this many ms. */
export const HOLD_HEADER = 'x-shutdown-check-hold';

/**
 * The request header that asks the agent to release the handler's answer as a stream over
 * `chunks` × `everyMs`: `<chunks>,<everyMs>` with `,sse` for Server-Sent Events.
 */
export const STREAM_HEADER = 'x-shutdown-check-stream';

export function requestIdHeader(client: string, request: number): string {
  return `${client}#${request}`;
}
