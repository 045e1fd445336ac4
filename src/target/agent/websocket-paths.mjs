// @ts-check
/**
 * The paths of the `ws` WebSocketServers the target creates, part of the agent. A WebSocketServer made
 * with a `path` option answers a handshake on any other path with 400 (ws's `shouldHandle`), so a
 * client that does not know the path never opens a WebSocket.
 *
 * Node 20 loads `ws/lib/websocket-server.js` through the CommonJS loader both for `require('ws')` and
 * for `import { WebSocketServer } from 'ws'`: ws 8's ESM entry (wrapper.mjs) imports its CommonJS
 * files, and the ESM loader's `commonjs` translator hands a CommonJS file with no source from a loader
 * hook to `Module._load` (lib/internal/modules/esm/translators.js), which compiles it with
 * `Module.prototype._compile`. Wrapping `_compile` to replace that one file's export with a Proxy that
 * notes each construction reaches both. The Proxy keeps the class's identity for `instanceof`,
 * subclasses and statics. For every other file the wrapper only compares the file name, so a target
 * that does not use ws runs as it would. Not seen: a ws bundled into another file, and CommonJS
 * compiled by a custom loader hook that supplies the source itself.
 */
import Module from 'node:module';
import path from 'node:path';

const SERVER_FILE = `${path.sep}ws${path.sep}lib${path.sep}websocket-server.js`;

/** @type {string[]} the distinct paths, in the order their servers were created */
const paths = [];

export function watchWebSocketServers() {
  const prototype = /** @type {any} Module's internal compile step, wrapped in place */ (Module).prototype;
  const compile = prototype._compile;
  prototype._compile = function (/** @type {unknown} */ content, /** @type {unknown} */ filename, /** @type {unknown[]} */ ...rest) {
    const result = compile.call(this, content, filename, ...rest);
    if (typeof filename === 'string' && filename.endsWith(SERVER_FILE) && typeof this.exports === 'function') {
      this.exports = noteConstructions(this.exports);
    }
    return result;
  };
}

/** @param {new (...args: any[]) => any} WebSocketServer */
function noteConstructions(WebSocketServer) {
  return new Proxy(WebSocketServer, {
    construct(target, args, newTarget) {
      const server = Reflect.construct(target, args, newTarget);
      // ws keeps its normalised options on the instance (`this.options`, ws 7 and 8).
      const serverPath = server?.options?.path;
      if (typeof serverPath === 'string' && serverPath !== '' && !paths.includes(serverPath)) paths.push(serverPath);
      return server;
    },
  });
}

/** The paths of the WebSocketServers created so far with a `path` option, first created first. */
export function webSocketPaths() {
  return [...paths];
}
