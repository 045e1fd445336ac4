import type { InvariantId } from '../../src/checkers/catalogue.js';
import { STRATEGIES, strategyCases, type NamedScenario, type Strategy } from '../../scenarios/lib/named.js';

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
  | 'raw-connect-after-signal';

export interface Pinned {
  /** every invariant the strategy breaks over the named scenarios, as its header comment lists them */
  breaks: InvariantId[];
  /** the invariants (errors and warnings) each named scenario violates; a scenario not listed violates none */
  violates: Partial<Record<ScenarioName, InvariantId[]>>;
}

/**
 * The verdicts of every strategy in scenarios/ on every named scenario that applies to it, under the
 * virtual clock. Each row says what the strategy's header comment says it breaks; the comments here
 * give the mechanism in a few words.
 */
export const PINNED: Record<string, Pinned> = {
  'reference.js': { breaks: [], violates: {} },
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
  },
  'drain-with-deadline.js': {
    breaks: ['clean-exit', 'readiness'],
    violates: {
      // Node 20's closeIdleConnections() leaves a socket that never sent a byte open: the 25 s deadline exits 1
      'silent-connection': ['clean-exit'],
      'long-request-past-grace': ['clean-exit'],
      'readiness-during-drain': ['readiness'],
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
