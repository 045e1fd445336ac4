// @ts-check
/**
 * The events pipe: the agent's events, and its answers to commands, as JSON lines written
 * synchronously to the fd the harness gave (AGENT_ENV.eventsFd). A synchronous write reaches the
 * harness even when the target calls `process.exit()` on the next line, which `process.send()`
 * (asynchronous) would not.
 */
import fs from 'node:fs';
import { realHrtime } from './real-time.mjs';

/** @typedef {import('./protocol.mjs').AgentEventBody} AgentEventBody */
/** @typedef {import('./protocol.mjs').AgentControl} AgentControl */

/** the pipe's fd; none until the agent is active */
let fd = -1;
/** @type {{ now(): number } | null} the virtual clock, whose time stamps each event */
let virtualClock = null;
/** @type {number | undefined} in a cluster tree: which process this is (EventStamp's `proc`) */
let proc;
/** How many events have been reported: the virtual clock stops where the target did something visible. */
let eventCount = 0;

/** @param {number} eventsFd */
export function openEvents(eventsFd) {
  fd = eventsFd;
}

/** @param {{ now(): number }} clock */
export function stampEventsWith(clock) {
  virtualClock = clock;
}

/** @param {number} id the worker's id, 0 for a primary */
export function stampProcessWith(id) {
  proc = id;
}

export function eventsReported() {
  return eventCount;
}

/** @param {AgentEventBody | AgentControl} message */
export function emit(message) {
  if (fd < 0) return;
  if (message.kind === 'event') eventCount++;
  const stamped =
    message.kind === 'event'
      ? {
          ...message,
          hr: Number(realHrtime() / 1000n),
          ...(virtualClock ? { vt: virtualClock.now() } : {}),
          ...(proc !== undefined ? { proc } : {}),
        }
      : message;
  const buffer = Buffer.from(JSON.stringify(stamped) + '\n');
  let offset = 0;
  while (offset < buffer.length) {
    try {
      offset += fs.writeSync(fd, buffer, offset);
    } catch (error) {
      // fd 3+ is not made blocking by libuv in the child (only 0-2 are), so a full pipe answers EAGAIN:
      // wait a moment and write the rest, so that no event is lost. In a cluster the workers write to
      // the same socket: a line goes in one write(2) and stays whole unless the socket is full (see
      // cluster.mjs).
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EAGAIN') return;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    }
  }
}
