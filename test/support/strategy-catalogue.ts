import type { InvariantId } from '../../src/checkers/catalogue.js';
import { NAMED_SCENARIOS, STRATEGIES, strategyCases, type NamedScenario, type Strategy } from '../../scenarios/lib/named.js';
import type { Scenario } from '../../src/scenario/types.js';

export type ScenarioName =
  | 'request-in-flight'
  | 'keep-alive-busy-at-signal'
  | 'idle-keep-alive'
  | 'stream-in-progress'
  | 'websocket-open'
  | 'silent-connection'
  | 'late-connector'
  | 'long-request-past-grace'
  | 'readiness-during-drain'
  | 'raw-session-at-signal'
  | 'raw-connect-after-signal'
  | 'h2-streams-at-signal'
  | 'https-keep-alive-busy-at-signal';

export interface Pinned {
  /** every invariant the strategy breaks over the named scenarios, as its header comment lists them */
  breaks: InvariantId[];
  /** the invariants (errors and warnings) each named scenario violates; a scenario not listed violates none */
  violates: Partial<Record<ScenarioName, InvariantId[]>>;
  /** invariants of EXERCISES[scenario] that this strategy's run of the scenario leaves unexercised */
  unexercised?: Partial<Record<ScenarioName, InvariantId[]>>;
  /** invariants outside EXERCISES[scenario] that this strategy's run of the scenario exercises */
  alsoExercised?: Partial<Record<ScenarioName, InvariantId[]>>;
}

/**
 * What each named scenario puts to the test on a strategy that serves it to the end by itself (no
 * SIGKILL): every invariant listed here is `holds` or `violated`, every other one (that applies to the
 * profile) is `not-exercised`. A strategy's row says where its run differs, and why.
 *
 * Two differences recur and are not repeated in each comment: a target the harness's SIGKILL ended
 * did not exercise clean-exit (it never showed how it exits by itself), and a request cut before its
 * answer got no status line, so it did not exercise no-shutdown-5xx.
 *
 * No named scenario exercises keepalive-race: that takes a request written on an idle connection in
 * the signal's own executor step, and each of these scenarios writes its requests in steps of their own,
 * after the executor has seen what the signal made the server do.
 */
export const EXERCISES: Record<ScenarioName, InvariantId[]> = {
  'request-in-flight': ['in-flight-complete', 'no-shutdown-5xx', 'deadline', 'clean-exit'],
  'keep-alive-busy-at-signal': ['in-flight-complete', 'no-shutdown-5xx', 'deadline', 'clean-exit', 'drain-connection-close'],
  // the server ends the idle connection at the signal: the second request finds the listener closed
  'idle-keep-alive': ['no-accept-then-drop', 'deadline', 'clean-exit'],
  // the stream is read before the signal and answered (200, then its chunks) after it
  'stream-in-progress': ['no-shutdown-5xx', 'deadline', 'clean-exit', 'stream-clean-end'],
  'websocket-open': ['deadline', 'clean-exit', 'websocket-going-away'],
  'silent-connection': ['deadline', 'clean-exit'],
  'late-connector': ['in-flight-complete', 'no-shutdown-5xx', 'no-accept-then-drop', 'deadline', 'clean-exit'],
  // the 40 s request cannot finish within the grace period: deadline alone judges it
  'long-request-past-grace': ['deadline', 'clean-exit'],
  'readiness-during-drain': ['no-accept-then-drop', 'deadline', 'clean-exit', 'readiness'],
  'raw-session-at-signal': ['in-flight-complete', 'deadline', 'clean-exit'],
  'raw-connect-after-signal': ['no-accept-then-drop', 'deadline', 'clean-exit'],
  // the slow stream is read before the signal and answered after it
  'h2-streams-at-signal': ['in-flight-complete', 'no-shutdown-5xx', 'deadline', 'clean-exit', 'http2-goaway'],
  'https-keep-alive-busy-at-signal': ['in-flight-complete', 'no-shutdown-5xx', 'deadline', 'clean-exit', 'drain-connection-close'],
};

/** What a strategy's run of a named scenario exercises, from EXERCISES and the strategy's row. */
/** A named scenario, as every strategy is run on it: tests that need the same case take it from here. */
export function namedScenario(name: ScenarioName): Scenario {
  const found = NAMED_SCENARIOS.find((s) => s.name === name);
  if (!found) throw new Error(`no named scenario ${name}`);
  return found.scenario;
}

export function exercisedBy(pinned: Pinned, name: ScenarioName): InvariantId[] {
  const not = new Set(pinned.unexercised?.[name] ?? []);
  return [...EXERCISES[name].filter((id) => !not.has(id)), ...(pinned.alsoExercised?.[name] ?? [])];
}

/**
 * The verdicts of every strategy in scenarios/ on every named scenario that applies to it, under the
 * virtual clock. Each row says what the strategy's header comment says it breaks; the comments here
 * give the mechanism in a few words.
 */
export const PINNED: Record<string, Pinned> = {
  'reference.js': {
    breaks: [],
    violates: {},
    unexercised: {
      // it keeps the idle connection a second for a request its client may be writing: the second
      // request comes on it, not on a new connection
      'idle-keep-alive': ['no-accept-then-drop'],
    },
    alsoExercised: {
      // its 29 s deadline ends the 40 s response cleanly: a 200 after the signal to a request read before it
      'long-request-past-grace': ['no-shutdown-5xx'],
      // it keeps serving through the drain delay: the request read then is answered
      'readiness-during-drain': ['no-shutdown-5xx'],
      // ... and answers it, read after the signal on the connection it kept, with Connection: close
      'idle-keep-alive': ['in-flight-complete', 'drain-connection-close'],
    },
  },
  'exit-at-once.js': {
    breaks: ['in-flight-complete', 'stream-clean-end', 'readiness'],
    violates: {
      // process.exit(0) at the signal: the kernel closes every socket
      'request-in-flight': ['in-flight-complete'],
      'keep-alive-busy-at-signal': ['in-flight-complete'],
      'stream-in-progress': ['stream-clean-end'],
      'late-connector': ['in-flight-complete'],
      'readiness-during-drain': ['readiness'],
    },
    unexercised: {
      // the exit cuts the request before its answer
      'request-in-flight': ['no-shutdown-5xx'],
      'keep-alive-busy-at-signal': ['no-shutdown-5xx', 'drain-connection-close'],
      'late-connector': ['no-shutdown-5xx'],
      // no WebSocket endpoint: the handshake is answered 200, and no WebSocket opens
      'websocket-open': ['websocket-going-away'],
    },
  },
  'ignore-signal.js': {
    breaks: ['deadline', 'drain-connection-close', 'readiness'],
    violates: {
      // it never stops: the SIGKILL at the end of the grace period, every time
      'request-in-flight': ['deadline'],
      'keep-alive-busy-at-signal': ['deadline', 'drain-connection-close'],
      'idle-keep-alive': ['deadline', 'drain-connection-close'],
      'stream-in-progress': ['deadline'],
      'websocket-open': ['deadline'],
      'silent-connection': ['deadline'],
      'late-connector': ['deadline'],
      'long-request-past-grace': ['deadline'],
      // still serving, but its /readyz never fails
      'readiness-during-drain': ['deadline', 'readiness'],
    },
    // the SIGKILL ends every run: clean-exit is never exercised
    unexercised: {
      'request-in-flight': ['clean-exit'],
      'keep-alive-busy-at-signal': ['clean-exit'],
      // it keeps the idle connection open: the second request goes out on it, not on a new one
      'idle-keep-alive': ['clean-exit', 'no-accept-then-drop'],
      'stream-in-progress': ['clean-exit'],
      // no WebSocket endpoint: the handshake is answered 200, and no WebSocket opens
      'websocket-open': ['clean-exit', 'websocket-going-away'],
      'silent-connection': ['clean-exit'],
      'late-connector': ['clean-exit'],
      'long-request-past-grace': ['clean-exit'],
      'readiness-during-drain': ['clean-exit'],
    },
    alsoExercised: {
      // ... and reads and answers the second request on it, after the signal
      'idle-keep-alive': ['in-flight-complete', 'drain-connection-close'],
      // still serving: the request read in the drain delay is answered
      'readiness-during-drain': ['no-shutdown-5xx'],
    },
  },
  'drain-with-deadline.js': {
    breaks: ['clean-exit', 'readiness'],
    violates: {
      // Node 20's closeIdleConnections() leaves a socket that never sent a byte open: the 25 s deadline exits 1
      'silent-connection': ['clean-exit'],
      'long-request-past-grace': ['clean-exit'],
      'readiness-during-drain': ['readiness'],
    },
    unexercised: {
      // no WebSocket endpoint: the handshake is answered 200, and no WebSocket opens
      'websocket-open': ['websocket-going-away'],
    },
  },
  'no-handler.js': {
    breaks: ['in-flight-complete', 'stream-clean-end', 'websocket-going-away', 'readiness'],
    violates: {
      // the default action: killed by SIGTERM, every socket closed by the kernel
      'request-in-flight': ['in-flight-complete'],
      'keep-alive-busy-at-signal': ['in-flight-complete'],
      'stream-in-progress': ['stream-clean-end'],
      'websocket-open': ['websocket-going-away'],
      'late-connector': ['in-flight-complete'],
      'readiness-during-drain': ['readiness'],
    },
    unexercised: {
      // the default action kills it with the request unanswered
      'request-in-flight': ['no-shutdown-5xx'],
      'keep-alive-busy-at-signal': ['no-shutdown-5xx', 'drain-connection-close'],
      'late-connector': ['no-shutdown-5xx'],
    },
  },
  'close-only.js': {
    breaks: ['deadline', 'websocket-going-away', 'drain-connection-close', 'readiness'],
    violates: {
      // no Connection: close; the busy socket then idles until keepAliveTimeout (5 s)
      'keep-alive-busy-at-signal': ['drain-connection-close'],
      // close() ignores upgraded sockets and never completes
      'websocket-open': ['deadline', 'websocket-going-away'],
      // a socket that never sent a byte is not idle to Node 20
      'silent-connection': ['deadline'],
      'long-request-past-grace': ['deadline'],
      'readiness-during-drain': ['readiness'],
    },
    unexercised: {
      // the SIGKILL at the end of the grace period
      'websocket-open': ['clean-exit'],
      'silent-connection': ['clean-exit'],
      'long-request-past-grace': ['clean-exit'],
    },
  },
  'close-all-connections.js': {
    breaks: ['in-flight-complete', 'deadline', 'websocket-going-away', 'stream-clean-end', 'readiness'],
    violates: {
      // closeAllConnections() destroys busy sockets too
      'request-in-flight': ['in-flight-complete'],
      'keep-alive-busy-at-signal': ['in-flight-complete'],
      'stream-in-progress': ['stream-clean-end'],
      // ... but not upgraded ones, so close() never completes
      'websocket-open': ['deadline', 'websocket-going-away'],
      'late-connector': ['in-flight-complete'],
      // the cut request's 40 s handler timer keeps the process alive
      'long-request-past-grace': ['deadline'],
      'readiness-during-drain': ['readiness'],
    },
    unexercised: {
      // closeAllConnections() cuts the request before its answer
      'request-in-flight': ['no-shutdown-5xx'],
      'keep-alive-busy-at-signal': ['no-shutdown-5xx', 'drain-connection-close'],
      'late-connector': ['no-shutdown-5xx'],
      // the SIGKILL at the end of the grace period
      'websocket-open': ['clean-exit'],
      'long-request-past-grace': ['clean-exit'],
    },
  },
  'wait-group.js': {
    breaks: ['clean-exit', 'websocket-going-away', 'readiness'],
    violates: {
      // hijacked connections are outside the wait group, as in Go: the exit cuts them
      'websocket-open': ['websocket-going-away'],
      // the 25 s deadline exits 1, as log.Fatal(srv.Shutdown(ctx)) does
      'long-request-past-grace': ['clean-exit'],
      'readiness-during-drain': ['readiness'],
    },
  },
  'https-reference.js': { breaks: [], violates: {} },
  'http2-goaway.js': {
    breaks: [],
    violates: {},
    alsoExercised: {
      // the stream due after the GOAWAY goes on a new session, as a real client sends it, and the
      // closed listener refuses that connection
      'h2-streams-at-signal': ['no-accept-then-drop'],
    },
  },
  'http2-tls.js': {
    breaks: [],
    violates: {},
    alsoExercised: {
      // the stream due after the GOAWAY goes on a new session, as a real client sends it, and the
      // closed listener refuses that connection
      'h2-streams-at-signal': ['no-accept-then-drop'],
    },
  },
  'http2-close-then-exit.js': {
    breaks: ['http2-goaway'],
    violates: {
      // server.close() sends no GOAWAY on Node 20; the exit once the slow stream is answered ends the
      // session with a bare FIN (the stream opened after the signal is taken and answered)
      'h2-streams-at-signal': ['http2-goaway'],
    },
  },
  'http2-destroy-sessions.js': {
    breaks: ['in-flight-complete', 'http2-goaway'],
    violates: {
      // destroy() sends GOAWAY with the slow stream's id, then closes the connection under it
      'h2-streams-at-signal': ['in-flight-complete', 'http2-goaway'],
    },
    unexercised: {
      // nothing is answered after the signal: the destroy cuts every stream the session had
      'h2-streams-at-signal': ['no-shutdown-5xx'],
    },
    alsoExercised: {
      // the stream due after the GOAWAY goes on a new session, which finds the target gone
      'h2-streams-at-signal': ['no-accept-then-drop'],
    },
  },
  'raw-echo-polling.js': {
    breaks: ['no-accept-then-drop'],
    violates: {
      // the listener stays open until its next poll; the new connection's first read poll closes it
      'raw-connect-after-signal': ['no-accept-then-drop'],
    },
  },
  'http-terminator.js': {
    breaks: ['in-flight-complete', 'no-accept-then-drop', 'deadline', 'websocket-going-away', 'readiness'],
    violates: {
      // gracefulTerminationTimeout is 1000 ms in the code
      'request-in-flight': ['in-flight-complete'],
      // an upgraded socket has no response in progress: destroyed at once
      'websocket-open': ['websocket-going-away'],
      // the listener stays open through the drain; new connections are destroyed; the 1 s timeout cuts
      // the request that keeps the drain going
      'late-connector': ['in-flight-complete', 'no-accept-then-drop'],
      // terminate() resolves, nothing exits, and the cut request's handler timer keeps the process alive
      'long-request-past-grace': ['deadline'],
      'readiness-during-drain': ['readiness'],
    },
    unexercised: {
      // its 1 s timeout cuts the request before its answer
      'request-in-flight': ['no-shutdown-5xx'],
      'late-connector': ['no-shutdown-5xx'],
      // the SIGKILL at the end of the grace period
      'long-request-past-grace': ['clean-exit'],
    },
  },
  'stoppable.js': {
    breaks: ['deadline', 'websocket-going-away', 'drain-connection-close', 'readiness'],
    violates: {
      'keep-alive-busy-at-signal': ['drain-connection-close'],
      // the WebSocket's socket counts as idle: a bare FIN
      'websocket-open': ['websocket-going-away'],
      // grace Infinity
      'long-request-past-grace': ['deadline'],
      'readiness-during-drain': ['readiness'],
    },
    unexercised: {
      // the SIGKILL at the end of the grace period
      'long-request-past-grace': ['clean-exit'],
    },
  },
  'terminus.js': {
    breaks: ['in-flight-complete', 'websocket-going-away', 'drain-connection-close'],
    violates: {
      // stoppable's grace is terminus's 1000 ms timeout
      'request-in-flight': ['in-flight-complete'],
      'keep-alive-busy-at-signal': ['drain-connection-close'],
      'websocket-open': ['websocket-going-away'],
      'late-connector': ['in-flight-complete'],
    },
    unexercised: {
      // its 1 s timeout cuts the request before its answer
      'request-in-flight': ['no-shutdown-5xx'],
      'late-connector': ['no-shutdown-5xx'],
    },
    alsoExercised: {
      // it serves through terminus's drain: the request read in the drain delay is answered
      'readiness-during-drain': ['no-shutdown-5xx'],
    },
  },
  'lightship.js': {
    breaks: ['in-flight-complete', 'clean-exit', 'websocket-going-away', 'drain-connection-close'],
    violates: {
      // process.exit(1) when the process has not exited 1 s after the shutdown handlers
      'request-in-flight': ['in-flight-complete', 'clean-exit'],
      'keep-alive-busy-at-signal': ['clean-exit', 'drain-connection-close'],
      'websocket-open': ['clean-exit', 'websocket-going-away'],
      'silent-connection': ['clean-exit'],
      'late-connector': ['in-flight-complete', 'clean-exit'],
      'long-request-past-grace': ['clean-exit'],
    },
    unexercised: {
      // its 1 s exit cuts the request before its answer
      'request-in-flight': ['no-shutdown-5xx'],
      'late-connector': ['no-shutdown-5xx'],
    },
    alsoExercised: {
      // it serves through its shutdownDelay: the request read in the drain delay is answered
      'readiness-during-drain': ['no-shutdown-5xx'],
    },
  },
  'close-with-grace-fastify.js': {
    breaks: ['clean-exit', 'drain-connection-close', 'readiness'],
    violates: {
      // the busy socket idles for fastify's 72 s keepAliveTimeout; the 10 s delay exits 1
      'keep-alive-busy-at-signal': ['clean-exit', 'drain-connection-close'],
      'silent-connection': ['clean-exit'],
      'long-request-past-grace': ['clean-exit'],
      'readiness-during-drain': ['readiness'],
    },
    unexercised: {
      // no WebSocket endpoint: the handshake is answered 200, and no WebSocket opens
      'websocket-open': ['websocket-going-away'],
    },
  },
  'fastify-close.js': {
    breaks: ['deadline', 'drain-connection-close', 'readiness'],
    violates: {
      // 72 s keepAliveTimeout, past the 30 s grace period
      'keep-alive-busy-at-signal': ['deadline', 'drain-connection-close'],
      'silent-connection': ['deadline'],
      'long-request-past-grace': ['deadline'],
      'readiness-during-drain': ['readiness'],
    },
    unexercised: {
      // the SIGKILL at the end of the grace period
      'keep-alive-busy-at-signal': ['clean-exit'],
      'silent-connection': ['clean-exit'],
      'long-request-past-grace': ['clean-exit'],
      // no WebSocket endpoint: the handshake is answered 200, and no WebSocket opens
      'websocket-open': ['websocket-going-away'],
    },
  },
  'express-ws.js': {
    breaks: ['deadline', 'websocket-going-away', 'drain-connection-close', 'readiness'],
    violates: {
      'keep-alive-busy-at-signal': ['drain-connection-close'],
      // ws.close() with no code: the client reads 1005
      'websocket-open': ['websocket-going-away'],
      'silent-connection': ['deadline'],
      'long-request-past-grace': ['deadline'],
      'readiness-during-drain': ['readiness'],
    },
    unexercised: {
      // the SIGKILL at the end of the grace period
      'silent-connection': ['clean-exit'],
      'long-request-past-grace': ['clean-exit'],
    },
  },
};

/**
 * At most `n` runs at once. Each run is a real process that takes a fraction of a second to a few
 * seconds of real time: two virtual-clock runs at a time keep the matrix within budget on a 2-core
 * machine; real-clock runs mostly sleep, so more of them fit.
 */
export function limiter(n: number): <T>(work: () => Promise<T>) => Promise<T> {
  let running = 0;
  const queue: (() => void)[] = [];
  return async (work) => {
    if (running >= n) await new Promise<void>((resolve) => queue.push(resolve));
    running++;
    try {
      return await work();
    } finally {
      running--;
      queue.shift()?.();
    }
  };
}

/** Every strategy on every named scenario that applies to it: [file, scenario name, its settings and pinned row, scenario]. */
export const CASES = strategyCases().map(
  ([file, strategy, named]) =>
    [file, named.name, { ...strategy, ...pinnedRow(file) }, named] as [string, string, Strategy & Pinned, NamedScenario],
);

function pinnedRow(file: string): Pinned {
  const row = PINNED[file];
  if (!row) throw new Error(`${file} is in the catalogue but has no pinned verdicts`);
  return row;
}

/** The strategies the pinned table covers: every one in the catalogue. */
export const CATALOGUED = Object.keys(STRATEGIES);
