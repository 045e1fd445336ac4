// @ts-check
/**
 * The agent: preloaded into a Node target with `node --import`, before the target's own code runs.
 * The target's code is never edited; the agent watches it from inside and, under the virtual clock,
 * owns its time. This file reads the harness's settings and installs the rest.
 *
 * It is plain JavaScript (type-checked through JSDoc) because Node loads it directly into the target,
 * with no build step in between.
 *
 * Channels: events go out on a pipe (events.mjs); commands come in over the IPC channel
 * (commands.mjs). What they carry is written in protocol.mjs, which the harness shares.
 */
import cluster from 'node:cluster';
import { followWorkers, serveAsWorker, workersAlive } from './cluster.mjs';
import { answerCommands } from './commands.mjs';
import { watchConnections } from './connections.mjs';
import { emit, eventsReported, openEvents, stampEventsWith } from './events.mjs';
import { watchHttpExchanges } from './http-exchanges.mjs';
import { watchHttp2Exchanges } from './http2-exchanges.mjs';
import { watchListeners } from './listeners.mjs';
import { AGENT_ENV } from './protocol.mjs';
import { realSetImmediate, realSetInterval } from './real-time.mjs';
import { scaleRealClock } from './scaled-clock.mjs';
import { watchSignals } from './signals.mjs';
import { installVirtualClock } from './virtual-clock.mjs';
import { watchWebSocketServers } from './websocket-paths.mjs';

const EVENTS_FD = Number(process.env[AGENT_ENV.eventsFd]);
const CLOCK = process.env[AGENT_ENV.clock] === 'virtual' ? 'virtual' : 'real';
const KEEP_PORTS = process.env[AGENT_ENV.keepPorts] === '1';
/** Real clock only: real ms per scenario ms (1 = nothing is changed). */
const TIME_SCALE = Number(process.env[AGENT_ENV.timeScale] ?? 1);
/** Virtual time starts at a fixed epoch so that `Date` gives the same values from run to run. */
const EPOCH = Date.UTC(2030, 0, 1);
/** A `node:cluster` worker of a primary the agent watches: it reports, but takes no command (cluster.mjs). */
const WORKER = process.env[AGENT_ENV.worker] === '1' && cluster.isWorker;

// A grandchild started with the same execArgv (child_process.fork copies it) loads this file too; it
// must stay inert, so the variables are removed before the target's code can pass them on.
for (const name of Object.values(AGENT_ENV)) delete process.env[name];

const active = Number.isInteger(EVENTS_FD) && EVENTS_FD > 2 && typeof process.send === 'function';

/** @type {ReturnType<typeof installVirtualClock> | null} */
let virtual = null;

if (active) {
  openEvents(EVENTS_FD);
  if (WORKER) {
    // Not answerCommands: a worker's channel is the cluster's, and its end is the primary's exit or a
    // disconnect(), which the worker must meet as it would without the agent. The process group and
    // the run's mark take it when the harness is gone.
    serveAsWorker();
  } else {
    answerCommands(() => virtual);
    followWorkers({ eventsFd: EVENTS_FD, clock: CLOCK, keepPorts: KEEP_PORTS, timeScale: Number.isFinite(TIME_SCALE) && TIME_SCALE > 0 ? TIME_SCALE : 1 });
  }
  watchListeners(KEEP_PORTS);
  watchConnections();
  watchHttpExchanges();
  watchHttp2Exchanges();
  watchSignals();
  watchWebSocketServers();
  process.on('uncaughtExceptionMonitor', (error) => {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    emit({ kind: 'event', type: 'uncaught-exception', message: text });
  });
  process.on('exit', (code) => {
    const alive = WORKER ? [] : workersAlive();
    // A worker's channel that closed without a disconnect() (the worker's own or its primary's, which
    // both set exitedAfterDisconnect) closed because the primary died: Node's cluster then exits the
    // worker at once (lib/internal/cluster/child.js, on 'disconnect'). A primary killed by a signal
    // writes no exit of its own, so this is the history's only sign that it went first.
    const primaryLost = WORKER && !process.connected && cluster.worker?.exitedAfterDisconnect !== true;
    emit({ kind: 'event', type: 'exit', code, ...(alive.length > 0 ? { workersAlive: alive } : {}), ...(primaryLost ? { primaryLost: true } : {}) });
  });

  if (CLOCK === 'virtual') {
    virtual = installVirtualClock({ epoch: EPOCH, events: eventsReported, realSetImmediate, realSetInterval });
    stampEventsWith(virtual);
  } else if (Number.isFinite(TIME_SCALE) && TIME_SCALE > 0 && TIME_SCALE !== 1) {
    scaleRealClock(TIME_SCALE);
  }
}
