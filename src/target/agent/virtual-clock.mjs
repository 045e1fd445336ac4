// @ts-check
/**
 * The virtual clock: @sinonjs/fake-timers installed in the target before its code loads, moved only
 * by the harness.
 *
 * What follows it: `setTimeout`, `setInterval` (global, `node:timers` and its ESM exports,
 * `timers/promises` with `scheduler.wait`, `util.promisify(setTimeout)`), `Date`, `process.hrtime`,
 * `performance.now()` (global and `node:perf_hooks`), `socket.setTimeout()` (and with it
 * `keepAliveTimeout`) and `AbortSignal.timeout()` — with it `events.once(..., { signal })` and
 * anything else that waits on such a signal. `nextTick`, `queueMicrotask` and `setImmediate` stay
 * real: shutdown code depends on their order relative to I/O, and none of them is a duration.
 *
 * How it moves (advanceTo): from timer to timer, each one's callbacks run and then two idle turns of
 * the event loop, until the target does something visible (activity.mjs) — there it stops, so
 * that the harness sees what that timer did at that timer's time. A target that polls in a loop of
 * `setImmediate` (reading `Date.now()` until a deadline passes, say) keeps no timer, yet waits on
 * time: while such a loop runs, the clock moves one millisecond per step, so the loop sees time pass
 * as it would in real time and acts within a millisecond of when it would have. Before every move the
 * clock checks for waits it does not control (uncontrolled.mjs); with one pending it does not
 * move, and says why.
 */
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { performance } from 'node:perf_hooks';
import { activityMark, watchSocketActivity } from './activity.mjs';
import { nodeDelay } from './timer-delay.mjs';
import { uncontrolledWait, watchUncontrolled } from './uncontrolled.mjs';
import { fakeAbortSignalTimeout, fakeSchedulerWait, fakeSocketTimeouts } from './virtual-clock-builtins.mjs';
import { fakeHttp2Timeouts } from './virtual-http2-timeouts.mjs';

/**
 * Real ms one move may run invisible steps before it answers (the harness takes an agent silent for
 * 2 s for a blocked one): 30 s of a loop polling the clock is 30,000 steps.
 */
const MOVE_BUDGET_MS = 250;

/**
 * fake-timers is CommonJS. Required, not imported: an ESM import of it has Node scan its source for
 * named exports (cjs-module-lexer) and wrap it, about 25 ms of every target's start on this machine,
 * paid on each run of a search. And only a virtual-clock target loads it at all.
 * @returns {typeof import('@sinonjs/fake-timers')}
 */
function fakeTimers() {
  return createRequire(import.meta.url)('@sinonjs/fake-timers');
}

/**
 * @typedef {object} Move what one move of the clock did
 * @property {boolean} observed the target did something visible on the way (the move stopped there)
 * @property {string} [unfaithful] the clock did not move, because the target waits on something it does not control
 */

/**
 * @param {object} options
 * @param {number} options.epoch virtual time 0, as a Date value
 * @param {() => number} options.events how many events the agent has reported so far
 * @param {typeof setImmediate} options.realSetImmediate
 * @param {typeof setInterval} options.realSetInterval
 */
export function installVirtualClock({ epoch, events, realSetImmediate, realSetInterval }) {
  watchSocketActivity();
  watchUncontrolled();
  // Captured before the fake is installed: how long a move has taken, in real ms.
  const realNow = performance.now.bind(performance);
  const clock = fakeTimers().install({
    now: epoch,
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'hrtime', 'performance'],
    shouldClearNativeTimers: true,
    ignoreMissingTimers: true,
  });

  /**
   * Fake timers hold no libuv handle: on their own, a server whose only pending work is a ref'd
   * timer would exit. One real interval, ref'd exactly while some ref'd fake timer is pending, gives
   * the process the liveness a real timer would.
   */
  const keeper = realSetInterval(() => {}, 2 ** 30);
  keeper.unref();

  /** @type {Map<number, { hasRef(): boolean }>} handles by timer id, to know which are ref'd */
  const handles = new Map();
  const anyClock = /** @type {any} fake-timers' clock: its timer map and variadic methods */ (clock);

  function updateKeeper() {
    let refed = false;
    const timers = /** @type {Map<number, unknown> | undefined} */ (anyClock.timers);
    if (timers) {
      for (const id of timers.keys()) {
        const handle = handles.get(id);
        // Timers made inside fake-timers (timers/promises) have no handle here: ref'd, as in Node.
        if (!handle || handle.hasRef()) {
          refed = true;
          break;
        }
      }
      for (const id of handles.keys()) if (!timers.has(id)) handles.delete(id);
    }
    if (refed) keeper.ref();
    else keeper.unref();
  }

  /** @param {any} handle the object fake-timers returns in Node: ref/unref/hasRef/refresh */
  function track(handle) {
    if (handle && typeof handle === 'object') {
      handles.set(Number(handle), handle);
      const ref = handle.ref;
      const unref = handle.unref;
      handle.ref = function () {
        ref.call(this);
        updateKeeper();
        return this;
      };
      handle.unref = function () {
        unref.call(this);
        updateKeeper();
        return this;
      };
    }
    updateKeeper();
    return handle;
  }

  // The installed globals call clock[method] on every call, so wrapping the clock's methods covers
  // globalThis.setTimeout, require('timers').setTimeout and the ESM exports alike.
  for (const method of ['setTimeout', 'setInterval']) {
    const original = anyClock[method];
    anyClock[method] = (/** @type {unknown[]} */ ...args) => {
      // fake-timers would schedule a 0 delay at `now`, and a zero-delay interval would never let time
      // move: apply Node's own rule first.
      args[1] = nodeDelay(args[1]);
      return track(original.apply(clock, args));
    };
  }
  for (const method of ['clearTimeout', 'clearInterval']) {
    const original = anyClock[method];
    anyClock[method] = (/** @type {unknown[]} */ ...args) => {
      const result = original.apply(clock, args);
      updateKeeper();
      return result;
    };
  }
  fakeSchedulerWait();
  // `import { setTimeout } from 'node:timers'` reads the ESM facade of the builtin; bring it in line
  // with the patched CommonJS exports.
  syncBuiltinESMExports();

  fakeSocketTimeouts(anyClock);
  fakeHttp2Timeouts(anyClock);
  fakeAbortSignalTimeout(anyClock);

  const now = () => clock.now - epoch;
  /** the virtual time of the next due timer, ref'd or not, or null */
  function nextDue() {
    const timers = /** @type {Map<number, { callAt: number }> | undefined} */ (anyClock.timers);
    let next = Infinity;
    if (timers) for (const timer of timers.values()) next = Math.min(next, timer.callAt);
    return next === Infinity ? null : next - epoch;
  }

  /**
   * Two turns of the event loop in which the target is free to run what the last move queued (its
   * immediates, ticks, promise callbacks). Resolves whether the target still had an immediate queued at
   * the end: one that queues itself again every turn is a loop that polls.
   * @returns {Promise<boolean>}
   */
  function turns() {
    return new Promise((resolve) =>
      realSetImmediate(() =>
        realSetImmediate(() => {
          // The agent's own immediate is running, not queued: any queued one is the target's.
          resolve(process.getActiveResourcesInfo().includes('Immediate'));
        }),
      ),
    );
  }

  return {
    now,
    nextDue,
    /**
     * Moves the clock towards `to` (virtual ms) and stops after the first step in which the target did
     * something visible, or at `to`, or — without moving — before a wait the clock does not control.
     * A long run of invisible steps also stops after MOVE_BUDGET_MS of real time, short of `to`, so
     * that the harness never takes a busy move for a blocked target; it asks again.
     * @param {number} to
     * @returns {Promise<Move>}
     */
    async advanceTo(to) {
      const started = realNow();
      let polling = await turns();
      for (;;) {
        const from = now();
        if (from >= to || realNow() - started > MOVE_BUDGET_MS) return { observed: false };
        const unfaithful = uncontrolledWait(keeper.hasRef() ? 1 : 0);
        if (unfaithful !== null) return { observed: false, unfaithful };
        const due = nextDue();
        const step = Math.min(to, due ?? Infinity, polling ? from + 1 : Infinity);
        const before = activityMark(events());
        const refed = keeper.hasRef();
        try {
          // tickAsync yields a real macrotask between timers, so promise callbacks a timer starts run
          // before the next timer fires, as they do under a real clock.
          await clock.tickAsync(step - from);
        } finally {
          updateKeeper();
        }
        polling = await turns();
        if (activityMark(events()) !== before) return { observed: true };
        // The last ref'd timer is gone: if nothing else holds the process, it exits as soon as the
        // agent stops running, and the unref'd timers further on never fire. Stop, and let the
        // harness see whether it does.
        if (refed && !keeper.hasRef()) return { observed: true };
      }
    },
  };
}
