/**
 * A scenario is plain data: who connects when, what they ask for, when the signal goes and how long the
 * grace period is. Times are milliseconds after the target first listened (virtual under the virtual
 * clock, scaled real time under the real one); every time in a client spec is absolute, not relative
 * to the client's start.
 */

export type SignalName = 'SIGTERM' | 'SIGINT' | 'SIGHUP' | 'SIGQUIT' | 'SIGUSR1' | 'SIGUSR2';

export const SIGNALS: readonly SignalName[] = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'];

export type Profile = 'immediate' | 'kubernetes';

export const PROFILES: readonly Profile[] = ['immediate', 'kubernetes'];

/** One HTTP request on its own connection: connects at `at`, sends, reads the whole answer, closes. */
export interface HttpClientSpec {
  kind: 'http';
  id: string;
  at: number;
  path: string;
  /** ask the agent to hold the response this long (virtual ms) before the target's handler answers */
  holdMs?: number;
}

/**
 * Several requests on one persistent HTTP/1.1 connection, one after the other, idle in between. The
 * first request goes at `at`; a request due while the previous one is unanswered waits for it.
 */
export interface KeepAliveClientSpec {
  kind: 'keep-alive';
  id: string;
  at: number;
  requests: { at: number; path: string }[];
}

/** One request whose response takes `latencyMs` (a slow route, or latency the agent injects). */
export interface SlowClientSpec {
  kind: 'slow';
  id: string;
  at: number;
  latencyMs: number;
}

/** A chunked (or SSE) response of `chunks` chunks, one every `everyMs`. */
export interface StreamClientSpec {
  kind: 'stream';
  id: string;
  at: number;
  chunks: number;
  everyMs: number;
  sse: boolean;
}

/** An open WebSocket that sends a message at each of `messages`. */
export interface WebSocketClientSpec {
  kind: 'websocket';
  id: string;
  at: number;
  messages: number[];
}

/** Connects and sends nothing: a balancer's pre-opened socket. */
export interface SilentClientSpec {
  kind: 'silent';
  id: string;
  at: number;
}

/** A plain TCP session for non-HTTP targets: sends a line at each of `messages`, expects it echoed. */
export interface RawClientSpec {
  kind: 'raw';
  id: string;
  at: number;
  messages: number[];
}

/** New connections, each sending one request: one at `at`, then one at each of `attempts`. */
export interface LateClientSpec {
  kind: 'late';
  id: string;
  at: number;
  attempts: number[];
}

export type ClientSpec =
  | HttpClientSpec
  | KeepAliveClientSpec
  | SlowClientSpec
  | StreamClientSpec
  | WebSocketClientSpec
  | SilentClientSpec
  | RawClientSpec
  | LateClientSpec;

export type ClientKind = ClientSpec['kind'];

// Written as a record so the compiler fails when a client kind is added to the scenario types but not here.
const CLIENT_KIND_SET = {
  http: true,
  'keep-alive': true,
  slow: true,
  stream: true,
  websocket: true,
  silent: true,
  raw: true,
  late: true,
} satisfies Record<ClientKind, true>;

export const CLIENT_KINDS = Object.keys(CLIENT_KIND_SET) as ClientKind[];

export interface Scenario {
  clients: ClientSpec[];
  signal: SignalName;
  /** when the signal goes */
  signalAt: number;
  /** a second signal (an impatient operator, or a supervisor escalating) */
  secondSignal?: { signal: SignalName; at: number };
  /** from the first signal to the SIGKILL */
  graceMs: number;
  profile: Profile;
}

export const DEFAULT_GRACE_MS = 30_000;
