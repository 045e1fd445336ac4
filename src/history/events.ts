/**
 * The typed events of one run's history.
 *
 * Every event is stamped with `t` (milliseconds since the target first listened, virtual under the
 * virtual clock) and `step` (the executor step during which it was observed). Steps are sequential:
 * the executor finishes one, waits until its effects are observed, then starts the next, so an event of
 * step k happened before every event of step k+1. Inside one step the order is canonical, not causal
 * (see canonical.ts).
 *
 * Events never carry ports, pids or wall-clock times: those live in the run's metadata, so that the
 * canonical history of one seed is the same from run to run.
 */
import type { ServerAtEnd } from './server-at-end.js';

/** How one request ended, as its client saw it. */
export type Outcome =
  /** status line, headers and the whole body (or the final chunk) arrived */
  | 'complete'
  /** the connection attempt got ECONNREFUSED: the listener was closed */
  | 'refused'
  /** the connection was reset (RST) before any byte of the response arrived */
  | 'reset-before-response'
  /** the connection ended with FIN before any byte of the response arrived */
  | 'closed-before-response'
  /** the connection was reset after the response had begun */
  | 'reset-mid-response'
  /** the connection ended with FIN after the response had begun but before its end */
  | 'truncated'
  /** a complete 503 carrying `Connection: close`: an honest refusal during the drain */
  | 'drain-refusal'
  /** the harness gave up waiting (the run ended with the request still open) */
  | 'timeout'
  /**
   * HTTP/2: the stream was refused unprocessed (RFC 9113 §8.7), so a client may retry it elsewhere:
   * REFUSED_STREAM, a stream past the last stream id of a GOAWAY, or one the client did not send
   * because its session had been told to go away
   */
  | 'stream-refused';

export const OUTCOMES: readonly Outcome[] = [
  'complete',
  'refused',
  'reset-before-response',
  'closed-before-response',
  'reset-mid-response',
  'truncated',
  'drain-refusal',
  'timeout',
  'stream-refused',
];

/** How a TCP connection ended, from the side that recorded it. */
export type ConnectionEnd = 'fin' | 'rst';

export type Stamp = { t: number; step: number };

/** What the agent inside the target saw. Absent in command mode (no agent). */
export type TargetEvent =
  | { type: 'listening'; listener: number }
  | { type: 'listener-closed'; listener: number }
  /** `client` is the client id matched by peer port, or `unmatched` */
  | { type: 'server-connection-opened'; client: string }
  | { type: 'server-connection-closed'; client: string; hadError: boolean }
  /**
   * `request` is the client's request index, read from the request-id header; -1 if absent.
   * `afterServerEnd`: the server had already ended the connection when it read the request (Node
   * still parses what arrives after `socket.end()`), so it could not answer it
   */
  | {
      type: 'server-request-started';
      client: string;
      request: number;
      method: string;
      path: string;
      afterServerEnd?: true;
      /**
       * behind a proxy (`--proxy`): the proxy's upstream connection it came on, numbered from 1 in the
       * order the target accepted them; a number seen before means the proxy reused a pooled connection
       */
      upstream?: number;
    }
  /**
   * the server fixed the response's status line and headers, deciding on `Connection: close`;
   * `afterSignalHandler`: a signal handler of the target's had begun to run, so it knew it was draining
   */
  | { type: 'server-response-started'; client: string; request: number; status: number; connectionClose: boolean; afterSignalHandler?: true }
  | {
      type: 'server-response-finished';
      client: string;
      request: number;
      status: number;
      connectionClose: boolean;
      /**
       * present when the request asked the agent to hold or trickle the answer: whether it could
       * (`no-effect`: the answer was out already, went through the raw socket, or had no body to trickle)
       */
      injection?: 'applied' | 'no-effect';
    }
  | { type: 'server-upgrade'; client: string; request: number }
  | { type: 'signal-handler-added'; signal: string }
  /** a handler the target registered for this signal started to run */
  | { type: 'signal-handled'; signal: string }
  | { type: 'uncaught-exception'; message: string }
  /** the process exited; `code` is null when a signal killed it */
  | { type: 'target-exited'; code: number | null; signal: string | null }
  /**
   * In a `node:cluster` tree only: one process of it ended (`proc` 0 the primary, n worker n), as its
   * agent saw it (a worker killed by a signal, as its primary saw it). `target-exited` comes once the
   * whole tree is gone. `workersAlive`: the primary exited while these workers had not. `primaryLost`:
   * a worker ended after its channel to the primary closed with no disconnect() asked for, so the
   * primary had gone before it (a primary killed by a signal records no exit of its own).
   */
  | { type: 'process-exited'; proc: number; code: number | null; signal: string | null; workersAlive?: number[]; primaryLost?: true };

/** What the nemesis did. */
export type NemesisEvent =
  | { type: 'signal-sent'; signal: string; nth: number }
  /** SIGKILL, as the kubelet sends it at the end of the grace period */
  | { type: 'kill-sent'; reason: 'grace-expired' };

/** What the clients did and saw. */
export type ClientEvent =
  /**
   * `session`: an h2 client's sessions are numbered from 1 in the order it opens them (it opens another
   * after a GOAWAY, RFC 9113 §6.8), and each stream it sends names its session, so that no timing
   * guess is needed to tell which connection a stream went out on
   */
  | { type: 'client-connect'; client: string; session?: number }
  | { type: 'client-connected'; client: string; session?: number }
  | { type: 'client-refused'; client: string; session?: number }
  /** `injection`: the client asked the agent to hold (`hold`) or trickle (`stream`) the target's answer */
  /**
   * `injection`: the client asked the agent to hold (`hold`) or trickle (`stream`) the target's answer;
   * `streamId`: the HTTP/2 stream it went out on (absent for one an h2 client did not send, its session
   * being closed or refused); `session`: the h2 session it went out on (see `client-connect`); `retry`:
   * the request is sent again, its first try having been refused unprocessed (RFC 9113 §8.7)
   */
  | {
      type: 'request-sent';
      client: string;
      request: number;
      path: string;
      injection?: 'hold' | 'stream';
      streamId?: number;
      session?: number;
      retry?: true;
    }
  | {
      type: 'request-outcome';
      client: string;
      request: number;
      outcome: Outcome;
      /** present once a status line arrived */
      status?: number;
      /** the response said `Connection: close` */
      connectionClose?: boolean;
      /** the request's bytes were fully written before the connection ended */
      bytesWritten: boolean;
      /**
       * HTTP/2: the stream was closed with this error code (RFC 9113 §7), by the server's RST_STREAM
       * or, for REFUSED_STREAM (7), also by a GOAWAY whose last stream id is below the stream's
       */
      rstCode?: number;
      /**
       * the stream was refused unprocessed (REFUSED_STREAM, RFC 9113 §8.7) and the h2 client sends the
       * request again on another session: this is the first try's end, not the request's
       */
      retried?: true;
    }
  /** the status line and headers of a response reached the client: when it began, as the client saw it */
  | { type: 'response-began'; client: string; request: number; status: number; connectionClose: boolean }
  | { type: 'connection-ended'; client: string; how: ConnectionEnd; by: 'client' | 'server'; session?: number }
  /** an HTTP/2 GOAWAY frame reached the client (RFC 9113 §6.8): its error code and last stream id */
  | { type: 'goaway-received'; client: string; code: number; lastStreamId: number; session?: number }
  | { type: 'websocket-closed'; client: string; code: number; reason: string };

/** Why a proxy in front of the target answered a request itself, as its error log says. */
export type ProxyCause =
  /** the target closed (FIN) or reset the upstream connection before any response header */
  | 'upstream-closed'
  /** connecting to the target was refused: it no longer listened */
  | 'refused'
  /** the harness had taken the target out of the proxy's rotation: the proxy answered 503 without trying it */
  | 'out-of-rotation'
  /** the proxy's own status with an error of another kind, or none logged */
  | 'other';

/** A proxy in front of the target (`--proxy`): that it was there, and what it answered itself. */
export type ProxyEvent =
  /**
   * A proxy stood between the clients and the target for the whole run (stamped at its start): the
   * connections the clients saw, and their Connection headers, were the proxy's, not the target's.
   */
  | { type: 'proxy-in-front'; proxy: 'nginx' }
  /**
   * The proxy answered this request itself (no response header came from the target), read from its
   * logs after the run and stamped as the client's request-outcome it explains. `error`: the proxy's
   * error log line, without time and pids.
   */
  | {
      type: 'proxy-answered';
      client: string;
      request: number;
      status: number;
      cause: ProxyCause;
      error?: string;
    };

/** What the harness itself concluded. */
export type HarnessEvent =
  | { type: 'watchdog'; reason: string }
  /**
   * Command targets: where the process that listens stood when the harness SIGKILLed what was left
   * (at the grace end, or when the process the command started exited); see server-process.ts
   */
  | { type: 'server-process'; at: ServerAtEnd };

export type EventBody = TargetEvent | NemesisEvent | ClientEvent | ProxyEvent | HarnessEvent;
/**
 * Where a target event happened, in a `node:cluster` tree: the worker's id (cluster.worker.id, the
 * same from run to run), 0 for the primary; absent outside a cluster, and on the primary's events
 * before its first fork.
 */
export type Place = { proc?: number };
export type HistoryEvent = EventBody & Stamp & Place;
export type EventType = HistoryEvent['type'];
export type EventOf<T extends EventType> = Extract<HistoryEvent, { type: T }>;

export type History = readonly HistoryEvent[];
