// @ts-check
/**
 * What the target may wait on that the virtual clock does not control. Moving virtual time past such a
 * wait would give a verdict the real clock contradicts (a deadline that never fires, a child that
 * never answers in time), so the virtual clock refuses to move while one is pending, and the harness
 * ends the run `unknown` with the reason this module gives.
 *
 * - A worker thread: its timers are real. The agent runs in the main thread only (a Worker has no IPC
 *   channel to the harness), and one clock cannot be shared between threads that run at once.
 * - A child process the target listens to — an open IPC channel, a server or socket handle sent to it
 *   (it then serves the port, with the agent inert in it), or a listener for its exit, its messages or
 *   its output: its timers are real too. A helper the target only started and left alone is no wait.
 * - A ref'd timer of Node's own, made inside Node rather than with the global timer functions (a
 *   child process's `timeout` option, say): `process.getActiveResourcesInfo()` lists every ref'd timer
 *   as 'Timeout', and under the virtual clock the only one that belongs to anyone else is the agent's
 *   own keeper (see virtual-clock.mjs).
 */
import childProcess from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import workerThreads from 'node:worker_threads';

const RERUN = 'rerun with --clock real';

/** @type {Set<import('node:worker_threads').Worker>} */
const workers = new Set();
/** @type {Set<import('node:child_process').ChildProcess>} */
const children = new Set();
/** @type {WeakSet<import('node:child_process').ChildProcess>} children that were sent a handle */
const handed = new WeakSet();

/** Tracks the worker threads and child processes the target starts. */
export function watchUncontrolled() {
  const NativeWorker = workerThreads.Worker;
  class Worker extends NativeWorker {
    /** @param {ConstructorParameters<typeof NativeWorker>} args */
    constructor(...args) {
      super(...args);
      workers.add(this);
      // 'exit' comes once the thread has stopped, whoever stopped it.
      this.once('exit', () => workers.delete(this));
    }
  }
  /** @type {any} the module's export, replaced in place */ (workerThreads).Worker = Worker;
  syncBuiltinESMExports();

  // spawn, fork, exec and execFile, and cluster through fork, all end in ChildProcess.prototype.spawn.
  const proto = /** @type {any} spawn() is on the prototype, though Node's types leave it out */ (childProcess.ChildProcess.prototype);
  const spawn = proto.spawn;
  /** @this {import('node:child_process').ChildProcess} @param {any} options */
  proto.spawn = function (options) {
    const result = spawn.call(this, options);
    children.add(this);
    // An IPC child's send() is its own property, set up by spawn (setupChannel).
    const send = /** @type {any} */ (this).send;
    if (typeof send === 'function') {
      /** @type {any} */ (this).send = (/** @type {unknown[]} */ ...args) => {
        // send(message, handle, ...): a net.Server or net.Socket given to the child.
        if (args[1] && typeof args[1] === 'object') handed.add(this);
        return send.apply(this, args);
      };
    }
    return result;
  };
}

/**
 * Why moving virtual time now would not be faithful, or null.
 * @param {number} ownTimers ref'd real timers that belong to the agent itself
 */
export function uncontrolledWait(ownTimers) {
  if (workers.size > 0) {
    return `the target waits on a worker thread, whose timers the virtual clock does not control; ${RERUN}`;
  }
  const timers = process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length - ownTimers;
  if (timers > 0) {
    const what = timers === 1 ? 'a timer' : `${timers} timers`;
    return `the target waits on ${what} made inside Node (not with setTimeout or setInterval), which the virtual clock does not control; ${RERUN}`;
  }
  for (const child of children) {
    if (child.exitCode !== null || child.signalCode !== null) {
      children.delete(child);
      continue;
    }
    const name = path.basename(child.spawnfile ?? 'a command');
    if (handed.has(child)) {
      return `the target shares a server or a connection with child process ${name}, whose timers the virtual clock does not control; ${RERUN}`;
    }
    if (listenedTo(child)) {
      return `the target waits on child process ${name}, whose timers the virtual clock does not control; ${RERUN}`;
    }
  }
  return null;
}

/** @param {import('node:child_process').ChildProcess} child */
function listenedTo(child) {
  if (child.connected) return true;
  for (const event of ['exit', 'close', 'message', 'disconnect', 'spawn']) {
    if (child.listenerCount(event) > 0) return true;
  }
  for (const stream of [child.stdout, child.stderr]) {
    if (stream && !stream.destroyed && (stream.listenerCount('data') > 0 || stream.listenerCount('readable') > 0)) return true;
  }
  return false;
}
