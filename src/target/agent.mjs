// @ts-check
/**
 * The agent: preloaded into a Node target with `node --import`, before the target's own code runs.
 * The target's code is never edited; the agent watches it from inside and, under the virtual clock,
 * owns its time.
 *
 * It is plain JavaScript (type-checked through JSDoc) because Node loads it directly into the target,
 * with no build step in between.
 *
 * Channels. Events go out as JSON lines written synchronously to a pipe (fd given by
 * SHUTDOWN_CHECK_EVENTS_FD): a synchronous write reaches the harness even when the target calls
 * `process.exit()` on the next line, which `process.send()` (asynchronous) would not. Commands come in
 * over the IPC channel, which is unref'd so that it never keeps the target alive.
 */
import dc from 'node:diagnostics_channel';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { injectionOf, injectOnRequest } from './agent-injection.mjs';
import { scaleRealClock } from './agent-scaled-clock.mjs';
import { installVirtualClock } from './agent-virtual-clock.mjs';
import { watchWebSocketServers, webSocketPaths } from './agent-websocket-paths.mjs';
import { killMarked, RUN_MARK } from './run-mark.mjs';

const EVENTS_FD = Number(process.env.SHUTDOWN_CHECK_EVENTS_FD);
const CLOCK = process.env.SHUTDOWN_CHECK_CLOCK === 'virtual' ? 'virtual' : 'real';
const KEEP_PORTS = process.env.SHUTDOWN_CHECK_KEEP_PORTS === '1';
/** Real clock only: real ms per scenario ms (1 = nothing is changed). */
const TIME_SCALE = Number(process.env.SHUTDOWN_CHECK_TIME_SCALE ?? 1);
/** The request header that carries `<client>#<request>`; the agent matches requests to clients by it. */
const REQUEST_ID_HEADER = 'x-shutdown-check-request';
/** Virtual time starts at a fixed epoch so that `Date` gives the same values from run to run. */
const EPOCH = Date.UTC(2030, 0, 1);

// A grandchild started with the same execArgv (child_process.fork copies it) loads this file too; it
// must stay inert, so the variables are removed before the target's code can pass them on.
delete process.env.SHUTDOWN_CHECK_EVENTS_FD;
delete process.env.SHUTDOWN_CHECK_CLOCK;
delete process.env.SHUTDOWN_CHECK_KEEP_PORTS;
delete process.env.SHUTDOWN_CHECK_TIME_SCALE;

const active = Number.isInteger(EVENTS_FD) && EVENTS_FD > 2 && typeof process.send === 'function';

/**
 * Requests in flight that answer in real time, as process.getActiveResourcesInfo() names them: libuv
 * thread-pool work (file reads, DNS lookups) and socket writes the kernel has not taken yet (a large
 * body going out as fast as its client reads it).
 */
const POOL_REQUESTS = new Set(['FSReqCallback', 'FSReqPromise', 'GetAddrInfoReqWrap', 'GetNameInfoReqWrap', 'QueryReqWrap', 'WriteWrap', 'SimpleWriteWrap', 'ShutdownWrap']);
/** The longest the agent waits for the thread pool before answering anyway (real ms; the harness's watchdog is 10 s). */
const POOL_WAIT_MS = 5_000;

// Captured before the clock is installed: the agent's own bookkeeping runs on real time.
const realHrtime = process.hrtime.bigint;
const realSetInterval = globalThis.setInterval;
const realSetImmediate = globalThis.setImmediate;
const realSetTimeout = globalThis.setTimeout;
/** Real monotonic ms (Date and performance may be the virtual clock's). */
const realMs = () => Number(realHrtime() / 1_000_000n);

/** How many events have been reported: the virtual clock stops where the target did something visible. */
let eventCount = 0;

/** @param {Record<string, unknown>} message */
function emit(message) {
  if (!active) return;
  if (message.kind === 'event') eventCount++;
  const stamped =
    message.kind === 'event'
      ? { ...message, hr: Number(realHrtime() / 1000n), ...(virtual ? { vt: virtual.now() } : {}) }
      : message;
  const buffer = Buffer.from(JSON.stringify(stamped) + '\n');
  let offset = 0;
  while (offset < buffer.length) {
    try {
      offset += fs.writeSync(EVENTS_FD, buffer, offset);
    } catch (error) {
      // fd 3+ is not made blocking by libuv in the child (only 0-2 are), so a full pipe answers EAGAIN:
      // wait a moment and write the rest, so that no event is lost.
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EAGAIN') return;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    }
  }
}

if (active) {
  setUpChannel();
  watchListeners();
  watchConnectionsAndRequests();
  watchSignals();
  watchWebSocketServers();
  process.on('uncaughtExceptionMonitor', (error) => {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    emit({ kind: 'event', type: 'uncaught-exception', message: text });
  });
  process.on('exit', (code) => emit({ kind: 'event', type: 'exit', code }));
}

/** @type {ReturnType<typeof installVirtualClock> | null} */
const virtual =
  active && CLOCK === 'virtual'
    ? installVirtualClock({ epoch: EPOCH, events: () => eventCount, realSetImmediate, realSetInterval })
    : null;
if (active && CLOCK === 'real' && Number.isFinite(TIME_SCALE) && TIME_SCALE > 0 && TIME_SCALE !== 1) {
  scaleRealClock(TIME_SCALE);
}

function setUpChannel() {
  process.on('message', (/** @type {any} the harness's command object, checked field by field */ command) => {
    if (!command || typeof command !== 'object' || command.channel !== 'shutdown-check') return;
    void handle(command);
  });
  // Node refs the channel when a 'message' listener is added; unref it after, so that the channel
  // never keeps the target alive (a server that would exit must exit).
  process.channel?.unref();
  // The harness is gone (killed, even with SIGKILL): take the target's whole process group with it,
  // and the processes of this run that left the group (RUN_MARK stays in the environment for that).
  const mark = process.env[RUN_MARK];
  const orphaned = () => {
    if (mark) killMarked(mark, process.pid);
    try {
      process.kill(-process.pid, 'SIGKILL');
    } catch {
      process.kill(process.pid, 'SIGKILL');
    }
  };
  process.on('disconnect', orphaned);
  // `--import` loads this module asynchronously: a harness that died while the target was starting
  // may already have been read as EOF, and 'disconnect' emitted before the listener above existed.
  if (!process.connected) orphaned();
}

/**
 * Waits until the target has had two turns of its event loop with nothing to do but this wait, so
 * that callbacks the last action queued (I/O, immediates, ticks) have run before the agent answers.
 * @returns {Promise<void>}
 */
async function quietTurns() {
  const turn = () => new Promise((resolve) => realSetImmediate(resolve));
  await turn();
  await turn();
  // A request on libuv's thread pool (a file read, a DNS lookup) or a socket write still going out
  // answers in real time, after any number of idle turns: a static file server reads the file it sends
  // and writes it as fast as its client reads. Until they are done the target is not quiet; waiting here
  // (a real millisecond at a time, bounded) keeps what it does next in this step, wherever the
  // machine's load puts it.
  const until = realMs() + POOL_WAIT_MS;
  while (poolBusy() && realMs() < until) {
    await new Promise((resolve) => realSetTimeout(resolve, 1));
    await turn();
    await turn();
  }
}

/** Thread-pool requests in flight (process.getActiveResourcesInfo names them by their request type). */
function poolBusy() {
  return process.getActiveResourcesInfo().some((resource) => POOL_REQUESTS.has(resource));
}

/** @param {{ op: string; seq: number; to?: number }} command */
async function handle(command) {
  /** @type {import('./agent-virtual-clock.mjs').Move | null} */
  let move = null;
  if (command.op === 'advance' && virtual && typeof command.to === 'number') {
    try {
      move = await virtual.advanceTo(command.to);
    } catch (error) {
      // An exception from the target's own timer callback: fake-timers catches it and rethrows it from
      // tick(). Rethrown outside any promise it becomes an uncaught exception, as it would have been
      // had a real timer fired it; a target that survives it still answers.
      move = { observed: true };
      process.nextTick(() => {
        throw error;
      });
    }
  }
  await quietTurns();
  emit({
    kind: 'control',
    seq: command.seq,
    now: virtual ? virtual.now() : null,
    next: virtual ? virtual.nextDue() : null,
    // Asked now rather than at listen time: a WebSocketServer may be attached after listen().
    upgrade: [...listeningServers].some((server) => server.listening && server.listenerCount('upgrade') > 0),
    // A target none of whose listeners speaks HTTP is a raw TCP service.
    http: [...listeningServers].some((server) => server instanceof http.Server),
    websocketPaths: webSocketPaths(),
    ...(move ? { observed: move.observed } : {}),
    ...(move?.unfaithful !== undefined ? { unfaithful: move.unfaithful } : {}),
  });
}

/** @type {Set<net.Server>} every server that has listened */
const listeningServers = new Set();

/** Remaps fixed listen ports to ephemeral ones (parallel runs), and reports listeners. */
function watchListeners() {
  let nextListener = 0;
  /** @type {WeakMap<net.Server, number>} */
  const listenerIds = new WeakMap();
  const listen = net.Server.prototype.listen;
  const close = net.Server.prototype.close;

  /** @param {unknown[]} args */
  function remap(args) {
    const first = args[0];
    if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
      args[0] = 0;
    } else if (first && typeof first === 'object' && 'port' in first && !('fd' in first) && !('path' in first)) {
      args[0] = { ...first, port: 0 };
    }
  }

  /** @this {net.Server} @param {any[]} args */
  net.Server.prototype.listen = function (...args) {
    if (!KEEP_PORTS) remap(args);
    this.once('listening', () => {
      const id = nextListener++;
      listenerIds.set(this, id);
      listeningServers.add(this);
      const address = this.address();
      const port = address && typeof address === 'object' ? address.port : null;
      const upgrade = this.listenerCount('upgrade') > 0;
      emit({ kind: 'event', type: 'listening', listener: id, port, upgrade });
    });
    return listen.apply(this, /** @type {any} */ (args));
  };

  /** @this {net.Server} @param {any[]} args */
  net.Server.prototype.close = function (...args) {
    const id = listenerIds.get(this);
    if (this.listening && id !== undefined) emit({ kind: 'event', type: 'listener-closed', listener: id });
    return close.apply(this, /** @type {any} */ (args));
  };
}

/** @param {http.IncomingMessage} request */
function requestId(request) {
  const header = request.headers[REQUEST_ID_HEADER];
  const value = Array.isArray(header) ? header[0] : header;
  const match = typeof value === 'string' ? /^(.+)#(\d+)$/.exec(value) : null;
  return match ? { client: String(match[1]), request: Number(match[2]) } : null;
}

/**
 * A signal handler of the target's has begun to run: from then on the target knows it is shutting down.
 * A response whose head was fixed before could not have said `Connection: close` for it — even one
 * fixed in the same instant, for a request that arrived with the signal and was read first.
 */
let signalHandled = false;

/**
 * Whether a response says `Connection: close`: Node decides keep-alive per response (shouldKeepAlive
 * false: it wrote the header itself); a handler may also set the header, which Node honours without
 * changing shouldKeepAlive.
 * @param {http.ServerResponse} response
 */
function saysClose(response) {
  return response.shouldKeepAlive === false || /\bclose\b/i.test(String(response.getHeader('connection') ?? ''));
}

function watchConnectionsAndRequests() {
  dc.subscribe('net.server.socket', (message) => {
    const socket = /** @type {{ socket: net.Socket }} */ (message).socket;
    const peerPort = socket.remotePort ?? null;
    emit({ kind: 'event', type: 'connection-opened', peerPort });
    // Reported when the socket is destroyed, not on its 'close' event: that comes a loop phase later,
    // after the handle's close callback, and a server whose close() callback exits (it runs on the
    // next tick once the last connection is destroyed) never emits it for the sockets destroyed in
    // that same turn. Which sockets those are depends on how the clients' FINs fell into the
    // target's polls, so the history would too; at destroy time every socket is reported, in order.
    const destroy = socket._destroy;
    socket._destroy = function (/** @type {Error | null} */ error, /** @type {(error?: Error | null) => void} */ callback) {
      emit({ kind: 'event', type: 'connection-closed', peerPort, hadError: error !== null && error !== undefined });
      return destroy.call(this, error, callback);
    };
  });
  dc.subscribe('http.server.request.start', (message) => {
    const { request, response, socket } =
      /** @type {{ request: http.IncomingMessage; response: http.ServerResponse; socket: net.Socket }} */ (message);
    emit({
      kind: 'event',
      type: 'request-started',
      id: requestId(request),
      peerPort: socket.remotePort ?? null,
      method: request.method ?? '',
      path: request.url ?? '',
      // The server had already called end() on this connection when it read the request: Node still
      // parses what arrives after socket.end(), but the answer can no longer be written.
      ...(socket.writableEnded ? { socketEnded: true } : {}),
    });
    // Published before the response has its socket and before the 'request' event: nothing of the
    // answer can have been written yet, whatever the handler does.
    injectOnRequest(request, response, socket);
  });
  dc.subscribe('http.server.response.finish', (message) => {
    const { request, response, socket } =
      /** @type {{ request: http.IncomingMessage; response: http.ServerResponse; socket: net.Socket }} */ (message);
    const injection = injectionOf(response);
    emit({
      kind: 'event',
      type: 'response-finished',
      id: requestId(request),
      peerPort: socket?.remotePort ?? null,
      status: response.statusCode,
      connectionClose: saysClose(response),
      ...(injection ? { injection } : {}),
    });
  });
  // The moment a response's head is fixed: writeHead, which Node also calls for a response that never
  // called it (`_implicitHeader`, on the first write or end). A response decided before the signal and
  // sent after it (a slow write, or the agent's held answer) could not have said Connection: close.
  const writeHead = http.ServerResponse.prototype.writeHead;
  const started = Symbol('shutdown-check.response-started');
  /** @this {http.ServerResponse & { [started]?: true }} @param {any[]} args */
  http.ServerResponse.prototype.writeHead = function (...args) {
    const result = writeHead.apply(this, /** @type {any} */ (args));
    if (!this[started] && this.req) {
      this[started] = true;
      emit({
        kind: 'event',
        type: 'response-started',
        id: requestId(this.req),
        peerPort: this.socket?.remotePort ?? null,
        status: this.statusCode,
        connectionClose: saysClose(this),
        ...(signalHandled ? { afterSignalHandler: true } : {}),
      });
    }
    return result;
  };
  // Upgrades (WebSockets) leave the HTTP machinery, so no response.finish follows them.
  const emitOnServer = http.Server.prototype.emit;
  /** @this {http.Server} @param {string | symbol} name @param {any[]} args */
  http.Server.prototype.emit = function (name, ...args) {
    if (name === 'upgrade') {
      const request = /** @type {http.IncomingMessage} */ (args[0]);
      emit({ kind: 'event', type: 'upgrade', id: requestId(request), peerPort: request.socket?.remotePort ?? null });
    }
    return emitOnServer.apply(this, /** @type {any} */ ([name, ...args]));
  };
}

/**
 * Reports the signal handlers the target registers, and when they run. The agent adds no handler of
 * its own: a SIGTERM listener removes Node's default action (exit with 128 + signal), so adding one
 * would change what the target does.
 */
function watchSignals() {
  const names = new Set(['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2']);
  const target = /** @type {any} process's EventEmitter methods, wrapped in place */ (process);
  const on = process.on;
  const prepend = process.prependListener;
  const removeListener = process.removeListener;

  /**
   * @param {string} signal
   * @param {(...args: unknown[]) => unknown} handler
   * @param {boolean} once
   */
  function wrap(signal, handler, once) {
    /** @this {unknown} @param {unknown[]} args */
    const wrapped = function (...args) {
      // Emulates `once` on top of `on`, so that removeListener(handler) still finds it through
      // `.listener` (EventEmitter compares `listener.listener` when removing).
      if (once) removeListener.call(process, signal, wrapped);
      signalHandled = true;
      emit({ kind: 'event', type: 'signal-handled', signal });
      return handler.apply(this, args);
    };
    wrapped.listener = handler;
    return wrapped;
  }

  /**
   * @param {Function} original
   * @param {boolean} once
   */
  function patch(original, once) {
    /** @this {unknown} @param {string | symbol} name @param {any} handler */
    return function (name, handler) {
      if (typeof name === 'string' && names.has(name) && typeof handler === 'function') {
        emit({ kind: 'event', type: 'signal-handler-added', signal: name });
        const base = original === prepend || original === process.prependOnceListener ? prepend : on;
        return /** @type {any} */ (base).call(process, name, wrap(name, handler, once));
      }
      return /** @type {any} */ (original).call(process, name, handler);
    };
  }

  target.on = patch(process.on, false);
  target.addListener = patch(process.addListener, false);
  target.once = patch(process.once, true);
  target.prependListener = patch(process.prependListener, false);
  target.prependOnceListener = patch(process.prependOnceListener, true);
}
