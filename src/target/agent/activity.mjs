// @ts-check
/**
 * What the target did that anyone outside it could see. The virtual clock fires a run of timers in one
 * move of the harness as long as none of them did anything visible (see virtual-clock.mjs): a
 * timer that only counts, logs or re-arms itself needs no step of its own, and a 30 s grace period of
 * 10 ms heartbeats then costs one move instead of 3,000 round trips.
 *
 * Visible means: an event the agent reports; a byte written to a socket, a socket ended or destroyed
 * (what a client sees); or a change in the target's I/O resources — a handle opened or closed, a
 * request started or finished (`process.getActiveResourcesInfo()`, timers and immediates aside) — since
 * I/O answers in real time, and the harness must give it that time before it moves the clock again.
 * Writes to stdout and stderr do not count: the harness keeps them, but they are not the history.
 */
import net from 'node:net';

let socketActs = 0;

/** Counts every write, end and destroy on a socket (TCP, unix or a pipe), except the process's stdio. */
export function watchSocketActivity() {
  const proto = /** @type {any} net.Socket's internal stream methods, wrapped in place */ (net.Socket.prototype);
  for (const method of ['_writeGeneric', '_final', '_destroy']) {
    const original = proto[method];
    if (typeof original !== 'function') continue;
    /** @this {any} a net.Socket @param {unknown[]} args */
    proto[method] = function (...args) {
      // Node marks the streams it makes for fds 0-2 with _isStdio.
      if (!this._isStdio) socketActs++;
      return original.apply(this, args);
    };
  }
}

/**
 * A mark of everything visible so far: two marks differ if and only if something visible happened in
 * between.
 * @param {number} events how many events the agent has reported
 */
export function activityMark(events) {
  const resources = process
    .getActiveResourcesInfo()
    .filter((resource) => resource !== 'Timeout' && resource !== 'Immediate')
    .sort()
    .join(',');
  return `${events}|${socketActs}|${resources}`;
}
