/**
 * A scenario is plain data: who connects when, what they ask for, when the signal goes and how long the
 * grace period is. Times are milliseconds after the target first listened (virtual under the virtual
 * clock, scaled real time under the real one); every time in a client spec is absolute, not relative
 * to the client's start.
 */

/** The signals a scenario may send the target; the first one starts its shutdown (default SIGTERM). */
export type SignalName = 'SIGTERM' | 'SIGINT' | 'SIGHUP' | 'SIGQUIT' | 'SIGUSR1' | 'SIGUSR2';

export const SIGNALS: readonly SignalName[] = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'];

/**
 * What the target is expected to do around the signal: `immediate`, stop as `docker stop` or a process
 * supervisor expects; `kubernetes`, also fail its readiness route from the signal on and keep serving
 * for the drain delay, while the endpoint is taken away.
 */
export type Profile = 'immediate' | 'kubernetes';

export const PROFILES: readonly Profile[] = ['immediate', 'kubernetes'];

/**
 * One HTTP request on its own connection: connects at `at`, sends, reads the whole answer, closes. It
 * sends `GET path`, or the config's request number `route` (exactly one of the two).
 */
export interface HttpClientSpec {
  kind: 'http';
  id: string;
  at: number;
  path?: string;
  /** the index of one of the config's `requests` (method, path, headers, body) */
  route?: number;
  /** ask the agent to hold the response this long (virtual ms) before the target's handler answers */
  holdMs?: number;
}

/** A chunked (or SSE) response of `chunks` chunks, one every `everyMs`. */
export interface StreamShape {
  chunks: number;
  everyMs: number;
  sse: boolean;
}

/**
 * One request of a keep-alive client. It asks for exactly one of: `GET path`; the config's request
 * number `route`; an answer that takes `latencyMs` (as a slow client asks); a stream (as a stream
 * client asks). None of them says `Connection: close`: the connection stays open for the next one.
 */
export interface KeepAliveRequest {
  at: number;
  path?: string;
  route?: number;
  latencyMs?: number;
  stream?: StreamShape;
  /**
   * Written in the same executor step as the first signal, right after it is sent, with no wait in
   * between: a request on a connection left idle by the previous one, meeting the server's close of
   * idle connections (the keep-alive race). Only on a request after the first, at `signalAt`.
   *
   * Which comes first is the target's own race, not the harness's: its event loop takes the signal
   * and the request's bytes in whatever order they woke it, and the history follows. One such
   * scenario (a request at 0 ms, this one at 100 ms with SIGTERM) run 20 times at a time under the
   * virtual clock against `server.close()` alone gave two histories, the request served or lost
   * (reset before any response, never read): lost 12, then 2 times in 20; against the reference
   * strategy lost 10 times in 20 (8 reset, 2 closed). So such a scenario does not replay to one
   * history, though each of its histories replays to one verdict per outcome.
   */
  withSignal?: boolean;
}

/**
 * Several requests on one persistent HTTP/1.1 connection, one after the other, idle in between. The
 * first request goes at `at`; a request due while the previous one is unanswered waits for it.
 */
export interface KeepAliveClientSpec {
  kind: 'keep-alive';
  id: string;
  at: number;
  requests: KeepAliveRequest[];
}

/** One request whose response takes `latencyMs` (a slow route, or latency the agent injects). */
export interface SlowClientSpec {
  kind: 'slow';
  id: string;
  at: number;
  latencyMs: number;
}

/** A chunked (or SSE) response of `chunks` chunks, one every `everyMs`. */
export interface StreamClientSpec extends StreamShape {
  kind: 'stream';
  id: string;
  at: number;
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

/**
 * New connections, each sending one request: one at `at`, then one at each of `attempts`. Each sends
 * `GET` of the fast route, or the config's request number `route`.
 */
export interface LateClientSpec {
  kind: 'late';
  id: string;
  at: number;
  attempts: number[];
  route?: number;
}

/** One client of a scenario, told apart by `kind`; its times are ms after the target listened. */
export type ClientSpec =
  | HttpClientSpec
  | KeepAliveClientSpec
  | SlowClientSpec
  | StreamClientSpec
  | WebSocketClientSpec
  | SilentClientSpec
  | RawClientSpec
  | LateClientSpec;

/** The kinds of client a search draws: name them in `clients` to choose the mix. */
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

/**
 * One shutdown to try: the clients, the signal and when it goes, the grace period. Write one to pin a
 * case in a test, give it to runScenario, or read it from a counterexample.
 */
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
