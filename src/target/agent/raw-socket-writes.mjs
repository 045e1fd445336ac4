// @ts-check
/**
 * Writes the handler makes to the raw socket under a held response. The held bytes must go out
 * before them, so that the target's bytes stay in its order; from then on the agent keeps out of that
 * response's way.
 */
import http from 'node:http';

/**
 * @typedef {object} RawWriteListener
 * @property {() => void} abandon called when the handler writes to the raw socket
 */

/** The held responses not finished yet, by socket: a raw write on it lets them out. */
/** @type {WeakMap<object, Set<RawWriteListener>>} */
const pendingBySocket = new WeakMap();

/** How deep the HTTP machinery's own socket writes are nested right now (see markMachineryWrites). */
let machinery = 0;
let machineryMarked = false;

/**
 * Counts the socket writes made by the HTTP machinery itself (`_writeRaw`, which `_send` and the 1xx
 * answers use, and `_flushOutput`), so that any other write to a socket carrying a held response is
 * known to come from the handler's own hands.
 */
function markMachineryWrites() {
  if (machineryMarked) return;
  machineryMarked = true;
  const prototype = /** @type {any} Node's internal methods, wrapped in place */ (http.OutgoingMessage.prototype);
  for (const name of ['_writeRaw', '_flushOutput']) {
    const original = prototype[name];
    prototype[name] = function (/** @type {unknown[]} */ ...args) {
      machinery++;
      try {
        return original.apply(this, args);
      } finally {
        machinery--;
      }
    };
  }
}

/**
 * Calls `listener.abandon()` on the first write to `socket` that the HTTP machinery did not make,
 * until `forgetRawWrites` (the response's end).
 * @param {any} socket the response's socket; its write and end are wrapped once
 * @param {RawWriteListener} listener
 */
export function watchRawWrites(socket, listener) {
  markMachineryWrites();
  let pending = pendingBySocket.get(socket);
  if (!pending) {
    const set = /** @type {Set<RawWriteListener>} */ (new Set());
    pending = set;
    pendingBySocket.set(socket, set);
    const write = socket.write;
    const end = socket.end;
    const rawWrite = () => {
      for (const held of [...set]) held.abandon();
    };
    socket.write = function (/** @type {unknown[]} */ ...args) {
      if (machinery === 0) rawWrite();
      return write.apply(this, args);
    };
    socket.end = function (/** @type {unknown[]} */ ...args) {
      if (machinery === 0 && args[0] !== undefined && args[0] !== null && typeof args[0] !== 'function') rawWrite();
      return end.apply(this, args);
    };
  }
  pending.add(listener);
}

/**
 * @param {object} socket
 * @param {RawWriteListener} listener
 */
export function forgetRawWrites(socket, listener) {
  pendingBySocket.get(socket)?.delete(listener);
}
