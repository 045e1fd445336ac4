// @ts-check
/**
 * Cluster targets: a primary that forks workers with `node:cluster` (as PM2's cluster mode runs an
 * app) serves through them. On Linux the primary accepts each connection and hands its handle to a
 * worker in turn (SCHED_RR, lib/internal/cluster/round_robin_handle.js), so every connection, request
 * and response happens in a worker: the agent follows the primary into each one.
 *
 * Events: a worker inherits the primary's events socket, appended to its stdio (cluster.fork takes
 * `cluster.settings.stdio`), and writes its events there itself, stamped with its worker id. Not
 * relayed over the cluster channel: a write to the socket is synchronous, so a worker's last events
 * reach the harness even when it calls process.exit() on the next line, and even when the primary is
 * already gone — which is the very failure a cluster must be checked for.
 *
 * Commands: the harness asks only the primary; the primary asks each live worker over the cluster
 * channel with CLUSTER_CMD messages (internal: the application never sees them) and answers with all
 * their listeners and connections together.
 *
 * Clock: under the virtual clock the harness drives one fake clock, the primary's. A worker's timers
 * would run in real time beside it, and the history would depend on the machine's speed: so a fork
 * under the virtual clock is refused with an error that names the real clock.
 *
 * Limits: a line longer than the socket's free space is written in parts, and another process's line
 * may fall between them (events are a few hundred bytes; the buffer is hundreds of kilobytes); a
 * worker started otherwise than by cluster.fork is not followed.
 */
import cluster from 'node:cluster';
import fs from 'node:fs';
import { wireCounts } from './connections.mjs';
import { emit, stampProcessWith } from './events.mjs';
import { describeListeners } from './listeners.mjs';
import { AGENT_ENV, CLUSTER_CMD, CLUSTER_NEEDS_REAL_CLOCK } from './protocol.mjs';
import { quietTurns } from './quiet.mjs';
import { webSocketPaths } from './websocket-paths.mjs';

const VIRTUAL_CLOCK_REFUSAL = `${CLUSTER_NEEDS_REAL_CLOCK} (--clock real): the virtual clock drives the primary's timers, not its workers'`;

/**
 * What a worker serves and holds, for the primary's answer to a command.
 * @typedef {ReturnType<typeof describeListeners> & { websocketPaths: string[]; wire: import('./protocol.mjs').WireCount[] }} WorkerStatus
 */

/** @type {Set<import('node:cluster').Worker>} every worker the primary forked */
const forked = new Set();
/**
 * The workers whose agent listens for the primary's requests. A request sent before that would be
 * lost: a worker reads its channel while its `--import` modules still load, and Node drops an internal
 * message no listener takes.
 * @type {WeakSet<import('node:cluster').Worker>}
 */
const listening = new WeakSet();
/** @type {WeakSet<import('node:cluster').Worker>} the workers whose server has listened */
const served = new WeakSet();
let seq = 0;

/**
 * In a primary: follow every worker cluster.fork starts with the agent, reporting to the same events
 * socket.
 * @param {{ eventsFd: number; clock: 'virtual' | 'real'; keepPorts: boolean; timeScale: number }} settings
 */
export function followWorkers(settings) {
  if (!cluster.isPrimary) return;
  const fork = cluster.fork;
  /** @param {NodeJS.ProcessEnv} [env] */
  cluster.fork = function (env) {
    if (settings.clock === 'virtual') throw new Error(VIRTUAL_CLOCK_REFUSAL);
    stampProcessWith(0);
    const own = cluster.settings.stdio;
    // child_process.fork's own default when no stdio is given (lib/child_process.js, stdioStringToArray).
    const stdio = own ? [...own] : cluster.settings.silent ? ['pipe', 'pipe', 'pipe', 'ipc'] : [0, 1, 2, 'ipc'];
    const workerFd = stdio.length;
    cluster.settings.stdio = [...stdio, settings.eventsFd];
    let worker;
    try {
      worker = fork.call(cluster, {
        ...env,
        [AGENT_ENV.worker]: '1',
        [AGENT_ENV.eventsFd]: String(workerFd),
        [AGENT_ENV.clock]: 'real',
        [AGENT_ENV.keepPorts]: settings.keepPorts ? '1' : '0',
        [AGENT_ENV.timeScale]: String(settings.timeScale),
      });
    } finally {
      // setupPrimary, inside fork, replaced cluster.settings with a copy: the application's own stdio
      // goes back on that one.
      if (own === undefined) delete cluster.settings.stdio;
      else cluster.settings.stdio = own;
    }
    forked.add(worker);
    worker.once('listening', () => served.add(worker));
    /** @param {any} message checked field by field */
    const onReady = (message) => {
      if (!message || message.cmd !== CLUSTER_CMD || message.op !== 'ready') return;
      listening.add(worker);
      worker.process.off('internalMessage', onReady);
    };
    worker.process.on('internalMessage', onReady);
    const id = worker.id;
    // Before cluster's own listener: it emits the cluster's 'exit', on which a primary may exit at once.
    worker.process.prependOnceListener('exit', (_code, signal) => {
      if (signal !== null) emit({ kind: 'event', type: 'worker-killed', worker: id, signal });
    });
    return worker;
  };
}

/**
 * In a primary: how many of the workers it forked are running and have not listened yet. The harness
 * waits for them before its first step, so that every worker takes its share of the connections.
 */
export function workersStarting() {
  return [...forked].filter((worker) => !worker.isDead() && !served.has(worker)).length;
}

/**
 * In a primary: the ids of the workers it forked that are still running. A worker the primary has not
 * reaped yet (isDead() is false until Node has handled its SIGCHLD) may be dead already: a zombie in
 * /proc is not counted.
 */
export function workersAlive() {
  return [...forked].filter((worker) => !worker.isDead() && !isZombie(worker.process.pid)).map((worker) => worker.id);
}

/** @param {number | undefined} pid */
function isZombie(pid) {
  if (pid === undefined) return false;
  try {
    // /proc/<pid>/stat: `pid (comm) state ...`; comm may hold spaces and parentheses, so read after the last ')'.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false;
  }
}

/**
 * In a primary: what each live worker serves and holds, asked over the cluster channel; a worker that
 * exits or disconnects before it answers is left out.
 * @returns {Promise<WorkerStatus[]>}
 */
export async function askWorkers() {
  const asked = [...forked].filter((worker) => listening.has(worker) && !worker.isDead() && worker.isConnected());
  const answers = await Promise.all(asked.map((worker) => askWorker(worker, ++seq)));
  return answers.filter((answer) => answer !== null);
}

/**
 * @param {import('node:cluster').Worker} worker
 * @param {number} id
 * @returns {Promise<WorkerStatus | null>}
 */
function askWorker(worker, id) {
  return new Promise((resolve) => {
    const child = worker.process;
    /** @param {any} message the worker's answer, checked field by field */
    const onMessage = (message) => {
      if (!message || message.cmd !== CLUSTER_CMD || message.seq !== id) return;
      done({ upgrade: message.upgrade === true, http: message.http === true, protocols: protocolsFrom(message.protocols), websocketPaths: message.websocketPaths ?? [], wire: message.wire ?? [] });
    };
    const gone = () => done(null);
    /** @param {WorkerStatus | null} status */
    function done(status) {
      child.off('internalMessage', onMessage);
      child.off('exit', gone);
      child.off('disconnect', gone);
      resolve(status);
    }
    child.on('internalMessage', onMessage);
    child.once('exit', gone);
    child.once('disconnect', gone);
    try {
      child.send({ cmd: CLUSTER_CMD, op: 'status', seq: id }, (error) => {
        if (error) gone();
      });
    } catch {
      gone();
    }
  });
}

/**
 * A worker's answer's protocols, each false unless the worker said true.
 * @param {any} sent the worker's `protocols`, checked field by field
 * @returns {WorkerStatus['protocols']}
 */
function protocolsFrom(sent) {
  const said = (/** @type {string} */ name) => sent?.[name] === true;
  return { http1: said('http1'), https: said('https'), h2c: said('h2c'), h2: said('h2') };
}

/** In a worker: stamp its events with its id and answer the primary's status requests. */
export function serveAsWorker() {
  const worker = cluster.worker;
  if (!worker) return;
  stampProcessWith(worker.id);
  process.on('internalMessage', (/** @type {any} the primary's request, checked field by field */ message) => {
    if (!message || message.cmd !== CLUSTER_CMD || message.op !== 'status') return;
    void (async () => {
      await quietTurns();
      if (!process.connected || !process.send) return;
      const answer = { cmd: CLUSTER_CMD, seq: message.seq, ...describeListeners(), websocketPaths: webSocketPaths(), wire: wireCounts() };
      process.send(answer, undefined, {}, ignoreSendError);
    })();
  });
  process.send?.({ cmd: CLUSTER_CMD, op: 'ready' }, undefined, {}, ignoreSendError);
}

/**
 * A send without a callback reports its failure as an 'error' on process, uncaught unless the target
 * listens: the primary gone in the meantime (EPIPE) would crash a worker that would not have crashed
 * without the agent. A lost answer costs the primary nothing: it stops waiting on the worker's exit.
 */
function ignoreSendError() {
  // nothing to do: see above
}
