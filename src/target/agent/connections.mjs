// @ts-check
/** Reports every connection the target's servers accept, when it opens and when it is destroyed. */
import dc from 'node:diagnostics_channel';
import { emit } from './events.mjs';

/** @type {Map<import('node:net').Socket, number>} the accepted connections not yet destroyed, by peer port */
const open = new Map();

export function watchConnections() {
  dc.subscribe('net.server.socket', (message) => {
    const socket = /** @type {{ socket: import('node:net').Socket }} */ (message).socket;
    const peerPort = socket.remotePort ?? null;
    emit({ kind: 'event', type: 'connection-opened', peerPort });
    if (peerPort !== null) open.set(socket, peerPort);
    // Reported when the socket is destroyed, not on its 'close' event: that comes a loop phase later,
    // after the handle's close callback, and a server whose close() callback exits (it runs on the
    // next tick once the last connection is destroyed) never emits it for the sockets destroyed in
    // that same turn. Which sockets those are depends on how the clients' FINs fell into the
    // target's polls, so the history would too; at destroy time every socket is reported, in order.
    const destroy = socket._destroy;
    socket._destroy = function (/** @type {Error | null} */ error, /** @type {(error?: Error | null) => void} */ callback) {
      open.delete(socket);
      emit({ kind: 'event', type: 'connection-closed', peerPort, hadError: error !== null && error !== undefined });
      return destroy.call(this, error, callback);
    };
  });
}

/**
 * What each open connection has carried so far, as the target's side sees it: the harness compares it
 * with its own side to know that nothing is still on the wire (run/wire.ts).
 * @returns {import('./protocol.mjs').WireCount[]}
 */
export function wireCounts() {
  return [...open].map(([socket, port]) => {
    const internals = /** @type {any} net.Socket's own counters and flags, read, never written */ (socket);
    return {
      port,
      read: socket.bytesRead,
      // What went to the kernel, not `bytesWritten`, which counts what the target still buffers (a
      // corked socket): only what was handed over can reach the client.
      written: internals._bytesDispatched ?? socket.bytesWritten,
      finReceived: internals._readableState?.ended === true,
      finSent: socket.writableFinished,
      // Node clears `_handle.reading` when it stops reading (a full read buffer, a pause of a socket
      // with `onread`): what the client sends then waits in the kernel, and that is no step's business.
      reading: internals._handle?.reading === true,
    };
  });
}
