// @ts-check
/** Reports every connection the target's servers accept, when it opens and when it is destroyed. */
import dc from 'node:diagnostics_channel';
import { emit } from './events.mjs';

export function watchConnections() {
  dc.subscribe('net.server.socket', (message) => {
    const socket = /** @type {{ socket: import('node:net').Socket }} */ (message).socket;
    const peerPort = socket.remotePort ?? null;
    emit({ kind: 'event', type: 'connection-opened', peerPort });
    // Reported when the socket is destroyed, not on its 'close' event: that comes a loop phase later,
    // after the handle's close callback, and a server whose close() callback exits (it runs on the
    // next tick once the last connection is destroyed) never emits it for the sockets destroyed in
    // that same turn. Which sockets those are depends on how the clients' FINs fell into the
    // target's polls, so the history would too; at destroy time every socket is reported, in order.
    const destroy = socket._destroy;
    socket._destroy = function (/** @type {Error | null} */ error, /** @type {(error?: Error | null) => void} */ callback) {
      emit({ kind: 'event', type: 'connection-closed', peerPort, hadError: error !== null && error !== undefined });
      return destroy.call(this, error, callback);
    };
  });
}
