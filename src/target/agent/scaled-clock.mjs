// @ts-check
/* global AbortSignal -- Node's web globals, which the lint configuration does not list */
/**
 * The real clock, run faster (or slower) by `scale`: every timer the target sets waits `scale` times
 * its delay, and the clocks it reads advance 1/scale ms per real ms, so that a server whose own
 * deadlines are 29 s keeps them, in proportion, when the harness plays a 30 s grace period in 3 s.
 * Nothing else changes: the timers are Node's own (their ref/unref, their ordering against I/O, their
 * liveness), which is what the virtual clock is checked against.
 *
 * Scaled: `setTimeout`, `setInterval` (global and `node:timers`), `timers/promises` with
 * `scheduler.wait`, `util.promisify(setTimeout)`, `socket.setTimeout` (and with it
 * `keepAliveTimeout`), `AbortSignal.timeout`, the timeout of `Atomics.wait`; `Date.now()`, `new Date()`, `performance.now()` and
 * `process.hrtime`. Not scaled, and documented: the timers Node keeps internally for `headersTimeout`
 * and `requestTimeout`, and a child process's `timeout` option.
 */
import net from 'node:net';
import { syncBuiltinESMExports } from 'node:module';
import { performance } from 'node:perf_hooks';
import timers from 'node:timers';
import timersPromises from 'node:timers/promises';
import { promisify } from 'node:util';
import { nodeDelay, validAbortDelay } from './timer-delay.mjs';

/** @param {number} scale real ms per scenario ms */
export function scaleRealClock(scale) {
  const scaled = (/** @type {unknown} */ ms) => Math.max(1, nodeDelay(ms) * scale);
  const anyTimers = /** @type {any} the builtin modules' exports are patched in place */ (timers);
  const anyPromises = /** @type {any} */ (timersPromises);
  for (const method of ['setTimeout', 'setInterval']) {
    const original = anyPromises[method];
    anyPromises[method] = (/** @type {unknown} */ ms, /** @type {unknown[]} */ ...rest) => original(scaled(ms), ...rest);
  }
  for (const holder of [globalThis, anyTimers]) {
    for (const method of ['setTimeout', 'setInterval']) {
      const original = /** @type {(...args: unknown[]) => unknown} */ (holder[method]);
      /** @type {any} a timer function that also carries util.promisify's custom form */
      const wrapper = (/** @type {unknown} */ callback, /** @type {unknown} */ ms, /** @type {unknown[]} */ ...rest) =>
        original(callback, scaled(ms), ...rest);
      // `util.promisify(setTimeout)` (close-with-grace's sleep, among others) uses this, as it does on
      // Node's own setTimeout; without it promisify would pass the callback last and break the call.
      if (method === 'setTimeout') wrapper[promisify.custom] = anyPromises.setTimeout;
      holder[method] = wrapper;
    }
  }
  if (anyPromises.scheduler?.wait) {
    const wait = anyPromises.scheduler.wait.bind(anyPromises.scheduler);
    anyPromises.scheduler.wait = (/** @type {unknown} */ ms, /** @type {unknown[]} */ ...rest) => wait(scaled(ms), ...rest);
  }
  syncBuiltinESMExports();

  // keepAliveTimeout reaches the socket through socket.setTimeout (Node's http server, after each
  // response): scale it with the rest.
  const setSocketTimeout = net.Socket.prototype.setTimeout;
  /** @this {net.Socket} @param {number} msecs @param {() => void} [callback] */
  net.Socket.prototype.setTimeout = function (msecs, callback) {
    const ms = Number(msecs);
    return setSocketTimeout.call(this, Number.isFinite(ms) && ms > 0 ? Math.max(1, ms * scale) : msecs, callback);
  };

  // Node's AbortSignal.timeout runs on a timer it took from `timers` before the agent loaded: scale
  // the delay it is given. It must stay a whole number of ms (validateUint32).
  const abortTimeout = AbortSignal.timeout.bind(AbortSignal);
  AbortSignal.timeout = (/** @type {number} */ delay) =>
    abortTimeout(validAbortDelay(delay) && delay > 0 ? Math.max(1, Math.round(delay * scale)) : delay);

  // A synchronous wait with a timeout (a sleep that blocks the event loop) lasts its timeout in real
  // time: scale it like any other wait.
  const atomicsWait = /** @type {(...args: unknown[]) => ReturnType<typeof Atomics.wait>} */ (Atomics.wait);
  /** @type {any} Atomics.wait's two overloads (Int32Array and BigInt64Array), passed through as they are */
  (Atomics).wait = (/** @type {unknown[]} */ ...args) => {
    const timeout = args[3];
    if (typeof timeout === 'number' && timeout > 0) args[3] = timeout * scale;
    return atomicsWait(...args);
  };

  scaleClockReadings(scale);
}

/**
 * Every clock the target reads runs 1/scale as fast from the moment the agent loads: `Date.now()`,
 * `new Date()`, `performance.now()` (one object, global and `node:perf_hooks`) and `process.hrtime`.
 * @param {number} scale
 */
function scaleClockReadings(scale) {
  const realNow = performance.now.bind(performance);
  const startPerf = realNow();
  const elapsed = () => (realNow() - startPerf) / scale;
  const NativeDate = Date;
  const startDate = NativeDate.now();
  const dateNow = () => Math.floor(startDate + elapsed());
  /**
   * `new Date()` with no argument (or `Date()` called as a function) is the only reading; every other
   * form is a given date and is left as it is.
   */
  const ScaledDate = new Proxy(NativeDate, {
    construct(target, args, newTarget) {
      return Reflect.construct(target, args.length === 0 ? [dateNow()] : args, newTarget);
    },
    apply() {
      return new NativeDate(dateNow()).toString();
    },
  });
  NativeDate.now = dateNow;
  globalThis.Date = ScaledDate;
  Object.defineProperty(performance, 'now', {
    configurable: true,
    writable: true,
    value: () => startPerf + elapsed(),
  });

  const startHr = process.hrtime.bigint();
  const hrNow = () => startHr + BigInt(Math.round(elapsed() * 1e6));
  /** @param {[number, number]} [previous] */
  const hrtime = (previous) => {
    const ns = hrNow();
    const seconds = Number(ns / 1_000_000_000n);
    const nanos = Number(ns % 1_000_000_000n);
    if (!previous) return [seconds, nanos];
    // As Node's: the difference from `previous`, nanoseconds kept within [0, 1e9).
    const borrow = nanos < previous[1] ? 1 : 0;
    return [seconds - previous[0] - borrow, nanos - previous[1] + borrow * 1e9];
  };
  hrtime.bigint = hrNow;
  process.hrtime = /** @type {NodeJS.HRTime} */ (hrtime);
}
