import type { Socket } from 'node:net';
import type { OrdinaryRequest } from '../config/validate.js';
import type { ClientEvent } from '../history/events.js';
import type { ClientKind } from '../scenario/types.js';

/** Where the target's own routes are; a missing route is served by the agent's injection. */
export interface Routes {
  fast: string;
  /** a template with {ms}, or a path that always takes `slowLatencyMs` */
  slow?: string;
  slowLatencyMs?: number;
  /** the application's ordinary requests, named in a scenario by index (`route`) */
  requests?: readonly OrdinaryRequest[];
  /** a template with {chunks} and {every} */
  stream?: string;
  websocket?: string;
}

/** What a client needs from the executor: where the target is, and where to record. */
export interface ClientContext {
  host: string;
  port: number;
  routes: Routes;
  /**
   * The target's HTTP/2 listener serves TLS (ALPN h2) rather than HTTP/2 in clear text: what an h2
   * client opens its session over. Every other kind knows its transport from its kind.
   */
  tls?: boolean;
  /**
   * Real ms per scenario ms for the durations the target itself must honour (a slow route's `{ms}`, a
   * stream route's `{every}`): absent (1) when the agent scales the target's timers; the time scale for
   * a command target, whose clock nobody scales.
   */
  targetScale?: number;
  /** records an event; the executor stamps it with the current (virtual) time and step */
  record(event: ClientEvent): void;
  /**
   * tells the executor about a connection of this client once it is connected: its local port matches
   * it to the agent's view, and its byte counts say what is still on the wire (see run/wire.ts)
   */
  bindSocket(socket: Socket): void;
  /**
   * A connection attempt failed on the harness's side (no local port or file descriptor left), not
   * because of the target; the outcome recorded for it says nothing about the target.
   */
  harnessFailed?(reason: string): void;
}

/**
 * One simulated user connection. The executor calls `act` at the times the scenario gives; the client
 * records invocations and outcomes into the history through its context.
 */
export interface Client {
  readonly id: string;
  readonly kind: ClientKind;
  /** carries out the client's action number `op` (0 = its start) */
  act(op: number): void;
  /** true once what its last action did is observable from its side (connected, written, refused…) */
  acted(): boolean;
  /** requests (or messages) sent whose outcome is not recorded yet */
  inFlight(): number;
  /** connections it holds open, as it sees them */
  openConnections(): number;
  /** ends whatever is still open, recording `timeout` for anything unanswered; used at the end of a run */
  close(): Promise<void>;
  /**
   * Stops reading the client's idle connection until its next request is written (the keep-alive
   * race): what the server sends meanwhile, its FIN or RST, stays unread, as on a real network where
   * the server's close and the client's request cross on the wire. Only a client that reuses a
   * connection has one to hold.
   */
  holdIdleConnection?(): void;
}

/** A scenario duration as the target must honour it, in whole ms. */
export function targetMs(ctx: Pick<ClientContext, 'targetScale'>, ms: number): number {
  return Math.round(ms * (ctx.targetScale ?? 1));
}
