// @ts-check
/**
 * The target's listeners: each one reported when it listens and when it is closed, its fixed port
 * remapped to an ephemeral one (so that runs go in parallel) unless the harness keeps ports.
 */
import cluster from 'node:cluster';
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
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

/**
 * The classes of node:http2's servers, which it does not export: Http2Server extends net.Server and
 * Http2SecureServer extends tls.Server (lib/internal/http2/core.js), neither is an http.Server. Made
 * once, never listening, to read their prototypes.
 */
const Http2Server = /** @type {Function} */ (http2.createServer().constructor);
const Http2SecureServer = /** @type {Function} */ (http2.createSecureServer().constructor);

/**
 * What one server speaks. https.Server extends tls.Server, not http.Server, though it parses HTTP/1.1
 * with http's own code; an http2 secure server answers HTTP/1.1 too when made with `allowHTTP1`.
 * @param {net.Server} server
 * @returns {(keyof import('./protocol.mjs').Protocols)[]}
 */
export function protocolsOf(server) {
  if (server instanceof Http2SecureServer) {
    const options = /** @type {{ [key: symbol]: { allowHTTP1?: boolean } | undefined }} */ (/** @type {unknown} */ (server));
    const allowHTTP1 = Object.getOwnPropertySymbols(server).some((key) => options[key]?.allowHTTP1 === true);
    return allowHTTP1 ? ['h2', 'https'] : ['h2'];
  }
  if (server instanceof Http2Server) return ['h2c'];
  if (server instanceof https.Server) return ['https'];
  if (server instanceof http.Server) return ['http1'];
  return [];
}

/** What the servers that have listened are, asked when a command is answered. */
export function describeListeners() {
  const servers = [...listeningServers];
  const spoken = new Set(servers.flatMap(protocolsOf));
  return {
    // Asked now rather than at listen time: a WebSocketServer may be attached after listen().
    upgrade: servers.some((server) => server.listening && server.listenerCount('upgrade') > 0),
    // A target none of whose listeners speaks HTTP is a raw TCP service.
    http: spoken.size > 0,
    protocols: { http1: spoken.has('http1'), https: spoken.has('https'), h2c: spoken.has('h2c'), h2: spoken.has('h2') },
  };
}
