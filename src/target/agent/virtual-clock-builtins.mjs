// @ts-check
/* global AbortSignal, AbortController, DOMException -- Node's web globals, which the lint configuration does not list */
/**
 * The waits Node schedules on timers of its own, out of reach of the installed fake timers, put on
 * the virtual clock with the same contract: `scheduler.wait()`, `AbortSignal.timeout()` and
 * `socket.setTimeout()`.
 */
import net from 'node:net';
import timersPromises from 'node:timers/promises';
import { validAbortDelay } from './timer-delay.mjs';

/**
 * `timers/promises`' scheduler.wait() makes its timer inside Node, out of fake-timers' reach; it is
 * setTimeout(delay, undefined, options) there, so it becomes the faked one.
 */
export function fakeSchedulerWait() {
  const anyPromises = /** @type {any} the builtin module's exports, patched in place */ (timersPromises);
  if (!anyPromises.scheduler) return;
  anyPromises.scheduler.wait = (/** @type {unknown} */ delay, /** @type {unknown} */ options) =>
    anyPromises.setTimeout(delay, undefined, options);
}

/**
 * `AbortSignal.timeout()` schedules its abort on a timer Node made for itself (lib/internal/
 * abort_controller.js takes setTimeout from `timers` as it loads, before the agent runs). The same
 * contract on the virtual clock: a signal that aborts with a TimeoutError DOMException after `delay`
 * ms, on an unref'd timer (Node's own never keeps the process alive).
 * @param {any} clock the installed fake-timers clock, its setTimeout already wrapped to track refs
 */
export function fakeAbortSignalTimeout(clock) {
  const original = AbortSignal.timeout.bind(AbortSignal);
  AbortSignal.timeout = function timeout(/** @type {number} */ delay) {
    if (!validAbortDelay(delay)) return original(delay);
    const controller = new AbortController();
    const abort = () => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    clock.setTimeout(abort, delay).unref();
    return controller.signal;
  };
}

/**
 * `socket.setTimeout()` (and through it `server.keepAliveTimeout`, set on the socket after each
 * response) runs on Node's internal timer list, not on the global setTimeout, so installing fake timers
 * does not reach it. Replace it with the same contract on the virtual clock. The handle is stored where
 * Node keeps its own (`socket[kTimeout]`), so that Node's activity refresh (`_unrefTimer`, on every
 * read and write) calls refresh() on the fake handle, as it would on a real one. Socket timeouts are
 * unref'd in Node (setUnrefTimeout) and stay so.
 * @param {any} clock the installed fake-timers clock, its setTimeout already wrapped to track refs
 */
export function fakeSocketTimeouts(clock) {
  const kTimeout = Object.getOwnPropertySymbols(new net.Socket()).find((s) => s.description === 'timeout');
  if (!kTimeout) return; // a Node without this internal slot keeps real socket timeouts (documented)
  const closeHooked = Symbol('shutdown-check.timeout-close-hook');

  /**
   * @this {any} the socket
   * @param {number} msecs
   * @param {() => void} [callback]
   */
  net.Socket.prototype.setTimeout = function setTimeout(msecs, callback) {
    // The timer callback and the close hook need the socket after this call returns.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const socket = this;
    if (socket[kTimeout]) clock.clearTimeout(socket[kTimeout]);
    socket[kTimeout] = null;
    const ms = Number(msecs);
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`The value of "msecs" is out of range. Received ${msecs}`);
    if (ms === 0) {
      if (callback) socket.removeListener('timeout', callback);
      return socket;
    }
    // The clock's setTimeout is the tracking wrapper installed above, so the keeper sees this handle.
    const handle = clock.setTimeout(() => {
      if (!socket.destroyed) socket._onTimeout();
    }, ms);
    handle.unref();
    socket[kTimeout] = handle;
    if (!socket[closeHooked]) {
      socket[closeHooked] = true;
      // Node clears the timeout in _destroy with the real clearTimeout, which cannot clear ours.
      socket.once('close', () => {
        if (socket[kTimeout]) clock.clearTimeout(socket[kTimeout]);
      });
    }
    if (callback) socket.once('timeout', callback);
    return socket;
  };
}
