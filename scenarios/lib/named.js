/**
 * Fixed, named scenarios: one situation each that a shutdown must get right, small enough to read in
 * a failure report. Together they exercise every invariant of the catalogue but keepalive-race, which
 * takes a request written on an idle connection in the signal's own executor step; the strategies in this
 * folder are judged against all of them (test/integration/strategies-pinned-verdicts.test.ts), under
 * both clocks (test/integration/strategies-give-the-same-verdicts-under-both-clocks.test.ts), and
 * `npm run strategies` writes their matrix to reports/strategies.md.
 *
 * Plain JavaScript, type-checked through JSDoc, so that the report script can load it with Node alone.
 *
 * The signal goes at 1 s, after every client has settled into the state the scenario is about, and
 * what follows it keeps at least 200 ms from it and from the next event: the same scenarios run under
 * the real clock too, ten times faster (the clock-fidelity test), where a margin must outlast a busy
 * machine's delays in handling a signal or exiting. Slow and streaming clients are best run through the target's own routes
 * (STRATEGY_ROUTES): a real handler's timers keep a process alive as real work does, where the agent's
 * injected latency and streaming do not, and the agent cannot inject streaming into a framework that
 * writes its headers before `end()` (fastify). Keep-alive requests name their paths themselves, and
 * every HTTP strategy here serves `/slow?ms=N`. WebSocket clients open `/`.
 */
/**
 * @typedef {import('../../src/clients/client.js').Routes} Routes
 * @typedef {import('../../src/checkers/checker.js').CheckOptions} CheckOptions
 * @typedef {import('../../src/scenario/types.js').Scenario} Scenario
 */

/**
 * The routes every HTTP strategy in this folder serves (the older ones have no `/events`).
 * @type {Partial<Routes>}
 */
export const STRATEGY_ROUTES = {
  websocket: '/',
  slow: '/slow?ms={ms}',
  stream: '/events?n={chunks}&every={every}',
};

/**
 * The kind of target a scenario speaks to: an HTTP/1.1 server, HTTP/1.1 over TLS, HTTP/2 (in clear
 * text or over TLS), or a raw TCP line-echo service.
 * @typedef {'http' | 'https' | 'h2' | 'raw'} Protocol
 */

/**
 * @typedef {object} NamedScenario
 * @property {string} name
 * @property {string} description the situation, and the invariants it puts to the test
 * @property {readonly Protocol[]} protocols the targets it applies to
 * @property {Scenario} scenario
 * @property {Readonly<Record<string, string>>} [env] settings a deployment would give the target in this
 *   situation (added to the environment)
 * @property {Partial<CheckOptions>} [checkOptions] checker options beyond the defaults
 */

const SIGNAL_AT = 1_000;
const GRACE_MS = 30_000;

/**
 * @param {Scenario['clients']} clients
 * @param {Partial<Scenario>} [extra]
 * @returns {Scenario}
 */
function scenario(clients, extra = {}) {
  return { clients, signal: 'SIGTERM', signalAt: SIGNAL_AT, graceMs: GRACE_MS, profile: 'immediate', ...extra };
}

/** The kubernetes profile's drain delay, as a deployment would configure it. */
const DRAIN_DELAY_MS = 5_000;

/** @type {readonly NamedScenario[]} */
export const NAMED_SCENARIOS = [
  {
    name: 'request-in-flight',
    description:
      'a request whose answer takes 2.9 s (1.9 s after the signal) is in flight at the signal; it must be answered ' +
      '(in-flight-complete), ' +
      'and a server-side deadline shorter than that cuts it',
    protocols: ['http'],
    scenario: scenario([{ kind: 'slow', id: 'A', at: 0, latencyMs: 2_900 }]),
  },
  {
    name: 'keep-alive-busy-at-signal',
    description:
      'a keep-alive connection is busy at the signal and then stays open, idle: its answer should say ' +
      'Connection: close (drain-connection-close); a socket left open holds server.close() until ' +
      'keepAliveTimeout (deadline)',
    protocols: ['http'],
    scenario: scenario([{ kind: 'keep-alive', id: 'K', at: 0, requests: [{ at: 0, path: '/slow?ms=1500' }] }]),
  },
  {
    name: 'idle-keep-alive',
    description:
      'a keep-alive connection is idle at the signal and sends another request after it: closing the idle ' +
      'socket gently sends that request to a new connection, refused (no-accept-then-drop); keeping it open ' +
      'must still answer it (in-flight-complete, drain-connection-close)',
    protocols: ['http'],
    scenario: scenario([
      {
        kind: 'keep-alive',
        id: 'K',
        at: 0,
        requests: [
          { at: 0, path: '/' },
          { at: 1_500, path: '/' },
        ],
      },
    ]),
  },
  {
    name: 'stream-in-progress',
    description: 'a chunked response of 10 chunks, one every 150 ms, is mid-stream at the signal (stream-clean-end)',
    protocols: ['http'],
    scenario: scenario([{ kind: 'stream', id: 'S', at: 0, chunks: 10, everyMs: 150, sse: false }]),
  },
  {
    name: 'websocket-open',
    description:
      'a WebSocket is open and exchanging messages at the signal: it must get a 1001/1012 close frame ' +
      '(websocket-going-away), and an upgraded socket keeps server.close() from completing (deadline)',
    protocols: ['http'],
    scenario: scenario([{ kind: 'websocket', id: 'W', at: 0, messages: [500, 1_500] }]),
  },
  {
    name: 'silent-connection',
    description:
      'a connection that never sent a byte (a balancer\'s pre-opened socket) is open at the signal: on Node 20 ' +
      'closeIdleConnections() does not count it as idle, so it can hold server.close() (deadline)',
    protocols: ['http', 'raw'],
    scenario: scenario([{ kind: 'silent', id: 'E', at: 0 }]),
  },
  {
    name: 'late-connector',
    description:
      'while a request keeps the drain going for 2 s, new connections arrive 500 ms and 700 ms after the signal: ' +
      'each must be refused or answered, never accepted and dropped (no-accept-then-drop)',
    protocols: ['http'],
    scenario: scenario([
      { kind: 'slow', id: 'A', at: 0, latencyMs: 3_000 },
      { kind: 'late', id: 'L', at: 1_500, attempts: [1_700] },
    ]),
  },
  {
    name: 'long-request-past-grace',
    description:
      'a request that needs 40 s is in flight at the signal, longer than the 30 s grace period: the process ' +
      'must be gone before the SIGKILL (deadline), with a clean exit status (clean-exit)',
    protocols: ['http'],
    scenario: scenario([{ kind: 'slow', id: 'A', at: 0, latencyMs: 40_000 }]),
  },
  {
    name: 'readiness-during-drain',
    description:
      'kubernetes profile with a 5 s drain delay: the readiness probe must fail from the signal on while a ' +
      'request and a new connection inside the delay are still served (readiness)',
    protocols: ['http'],
    scenario: scenario(
      [
        { kind: 'http', id: 'P', at: 1_500, path: '/readyz' },
        { kind: 'late', id: 'L', at: 2_000, attempts: [] },
        { kind: 'http', id: 'A', at: 3_000, path: '/' },
      ],
      { profile: 'kubernetes' },
    ),
    // The strategies that know about a drain delay read it from here; the others ignore it.
    env: { DRAIN_DELAY_MS: String(DRAIN_DELAY_MS) },
    checkOptions: { drainDelayMs: DRAIN_DELAY_MS, readinessPath: '/readyz' },
  },
  {
    name: 'raw-session-at-signal',
    description:
      'a raw TCP session has had its lines echoed and sends another after the signal: its connection must end ' +
      'with FIN and no echoed line may be cut (in-flight-complete, deadline)',
    protocols: ['raw'],
    scenario: scenario([{ kind: 'raw', id: 'R', at: 0, messages: [200, 600, 1_300] }]),
  },
  {
    name: 'raw-connect-after-signal',
    description:
      'a raw TCP client connects 200 ms after the signal and sends a line 1.7 s after it: it must be refused or ' +
      'echoed, not accepted and closed unanswered (no-accept-then-drop)',
    protocols: ['raw'],
    scenario: scenario([{ kind: 'raw', id: 'R', at: 1_200, messages: [2_700] }]),
  },
  {
    name: 'h2-streams-at-signal',
    description:
      'an HTTP/2 session holds a stream answered after 1.5 s (0.5 s after the signal) and opens another 300 ms ' +
      'after the signal: the session must get a GOAWAY before it ends, the stream it took must be answered, and ' +
      'the new one refused, not taken and dropped; after a GOAWAY the client sends it on a new session, which ' +
      'must be refused or answered, not accepted and dropped (http2-goaway, in-flight-complete, no-accept-then-drop)',
    protocols: ['h2'],
    scenario: scenario([
      {
        kind: 'h2',
        id: 'H',
        at: 0,
        requests: [
          { at: 0, path: '/slow?ms=1500' },
          { at: 10, path: '/' },
          { at: 1_300, path: '/' },
        ],
      },
    ]),
  },
  {
    name: 'https-keep-alive-busy-at-signal',
    description:
      'a keep-alive connection over TLS is busy at the signal: its answer should say Connection: close ' +
      '(drain-connection-close) and arrive whole (in-flight-complete), as in clear text',
    protocols: ['https'],
    scenario: scenario([{ kind: 'https', id: 'K', at: 0, requests: [{ at: 0, path: '/slow?ms=1500' }] }]),
  },
];

/**
 * How each strategy in scenarios/ is spoken to: its protocol and the routes it serves for slow and
 * streaming clients (the older ones have no `/events`: their streams are the agent's injection).
 * @typedef {{ protocol: Protocol; routes: Partial<Routes> }} Strategy
 */

/** @type {Partial<Routes>} */
const WITHOUT_STREAM_ROUTE = { websocket: '/', slow: '/slow?ms={ms}' };

/** @type {Readonly<Record<string, Strategy>>} */
export const STRATEGIES = {
  'reference.js': { protocol: 'http', routes: STRATEGY_ROUTES },
  'exit-at-once.js': { protocol: 'http', routes: WITHOUT_STREAM_ROUTE },
  'ignore-signal.js': { protocol: 'http', routes: WITHOUT_STREAM_ROUTE },
  'drain-with-deadline.js': { protocol: 'http', routes: WITHOUT_STREAM_ROUTE },
  'no-handler.js': { protocol: 'http', routes: STRATEGY_ROUTES },
  'close-only.js': { protocol: 'http', routes: STRATEGY_ROUTES },
  'close-all-connections.js': { protocol: 'http', routes: STRATEGY_ROUTES },
  'wait-group.js': { protocol: 'http', routes: STRATEGY_ROUTES },
  'raw-echo-polling.js': { protocol: 'raw', routes: {} },
  'http-terminator.js': { protocol: 'http', routes: STRATEGY_ROUTES },
  'stoppable.js': { protocol: 'http', routes: STRATEGY_ROUTES },
  'terminus.js': { protocol: 'http', routes: STRATEGY_ROUTES },
  'lightship.js': { protocol: 'http', routes: STRATEGY_ROUTES },
  'close-with-grace-fastify.js': { protocol: 'http', routes: STRATEGY_ROUTES },
  'fastify-close.js': { protocol: 'http', routes: STRATEGY_ROUTES },
  'express-ws.js': { protocol: 'http', routes: STRATEGY_ROUTES },
  'https-reference.js': { protocol: 'https', routes: STRATEGY_ROUTES },
  'http2-goaway.js': { protocol: 'h2', routes: STRATEGY_ROUTES },
  'http2-tls.js': { protocol: 'h2', routes: STRATEGY_ROUTES },
  'http2-close-then-exit.js': { protocol: 'h2', routes: STRATEGY_ROUTES },
  'http2-destroy-sessions.js': { protocol: 'h2', routes: STRATEGY_ROUTES },
};

/**
 * Every strategy with every named scenario that applies to it.
 * @returns {[string, Strategy, NamedScenario][]}
 */
export function strategyCases() {
  return Object.entries(STRATEGIES).flatMap(([file, strategy]) =>
    NAMED_SCENARIOS.filter((n) => n.protocols.includes(strategy.protocol)).map(
      (n) => /** @type {[string, Strategy, NamedScenario]} */ ([file, strategy, n]),
    ),
  );
}
