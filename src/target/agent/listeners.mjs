// @ts-check
/**
 * The target's listeners: each one reported when it listens and when it is closed, its fixed port
 * remapped to an ephemeral one (so that runs go in parallel) unless the harness keeps ports.
 */
import cluster from 'node:cluster';
import http from 'node:http';
import net from 'node:net';
import { emit } from './events.mjs';

/** @type {Set<net.Server>} every server that has listened */
const listeningServers = new Set();

/** @param {boolean} keepPorts */
export function watchListeners(keepPorts) {
  let nextListener = 0;
  /** @type {WeakMap<net.Server, number>} */
  const listenerIds = new WeakMap();
  const listen = net.Server.prototype.listen;
  const close = net.Server.prototype.close;

  /** @this {net.Server} @param {any[]} args */
  net.Server.prototype.listen = function (...args) {
    if (!keepPorts) remap(args);
    if (isRoundRobinHandle()) return listen.apply(this, /** @type {any} */ (args));
    this.once('listening', () => {
      const id = nextListener++;
      listenerIds.set(this, id);
      listeningServers.add(this);
      const address = this.address();
      const port = address && typeof address === 'object' ? address.port : null;
      const upgrade = this.listenerCount('upgrade') > 0;
      emit({ kind: 'event', type: 'listening', listener: id, port, upgrade });
    });
    return listen.apply(this, /** @type {any} */ (args));
  };

  /** @this {net.Server} @param {any[]} args */
  net.Server.prototype.close = function (...args) {
    const id = listenerIds.get(this);
    if (this.listening && id !== undefined) emit({ kind: 'event', type: 'listener-closed', listener: id });
    return close.apply(this, /** @type {any} */ (args));
  };
}

/**
 * Whether this listen() is a cluster primary's own, for the port its workers share: in round-robin
 * mode Node listens with an internal net.Server (lib/internal/cluster/round_robin_handle.js) that it
 * closes through its handle once the last worker's server has closed, never through close(). The
 * workers' listeners are the target's; that one is not reported, so that the port counts as open
 * while some worker listens.
 */
function isRoundRobinHandle() {
  if (!cluster.isPrimary || Object.keys(cluster.workers ?? {}).length === 0) return false;
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 20;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  return stack.includes('internal/cluster/round_robin_handle');
}

/** @param {unknown[]} args listen()'s arguments, a port among them replaced by 0 */
function remap(args) {
  const first = args[0];
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    args[0] = 0;
  } else if (first && typeof first === 'object' && 'port' in first && !('fd' in first) && !('path' in first)) {
    args[0] = { ...first, port: 0 };
  }
}

/** What the servers that have listened are, asked when a command is answered. */
export function describeListeners() {
  return {
    // Asked now rather than at listen time: a WebSocketServer may be attached after listen().
    upgrade: [...listeningServers].some((server) => server.listening && server.listenerCount('upgrade') > 0),
    // A target none of whose listeners speaks HTTP is a raw TCP service.
    http: [...listeningServers].some((server) => server instanceof http.Server),
  };
}
