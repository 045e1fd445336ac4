// @ts-check
/**
 * Reports the target's HTTP exchanges: each request as the server reads it, the moment its response's
 * head is fixed, the response's end, and upgrades. Requests that ask for injected latency or streaming
 * get it installed here, before their handler runs.
 */
import dc from 'node:diagnostics_channel';
import http from 'node:http';
import { emit } from './events.mjs';
import { injectionOf, injectOnRequest } from './injection.mjs';
import { parseRequestIdHeader, REQUEST_ID_HEADER } from './protocol.mjs';
import { signalHandlerHasRun } from './signals.mjs';

/** @typedef {{ request: http.IncomingMessage; response: http.ServerResponse; socket: import('node:net').Socket }} Exchange */

/** @param {http.IncomingMessage} request */
function requestId(request) {
  return parseRequestIdHeader(request.headers[REQUEST_ID_HEADER]);
}

/**
 * Whether a response says `Connection: close`: Node decides keep-alive per response (shouldKeepAlive
 * false: it wrote the header itself); a handler may also set the header, which Node honours without
 * changing shouldKeepAlive.
 * @param {http.ServerResponse} response
 */
function saysClose(response) {
  return response.shouldKeepAlive === false || /\bclose\b/i.test(String(response.getHeader('connection') ?? ''));
}

export function watchHttpExchanges() {
  dc.subscribe('http.server.request.start', (message) => {
    const { request, response, socket } = /** @type {Exchange} */ (message);
    emit({
      kind: 'event',
      type: 'request-started',
      id: requestId(request),
      peerPort: socket.remotePort ?? null,
      method: request.method ?? '',
      path: request.url ?? '',
      // The server had already called end() on this connection when it read the request: Node still
      // parses what arrives after socket.end(), but the answer can no longer be written.
      ...(socket.writableEnded ? { socketEnded: /** @type {const} */ (true) } : {}),
    });
    // Published before the response has its socket and before the 'request' event: nothing of the
    // answer can have been written yet, whatever the handler does.
    injectOnRequest(request, response, socket);
  });
  dc.subscribe('http.server.response.finish', (message) => {
    const { request, response, socket } = /** @type {Exchange} */ (message);
    const injection = injectionOf(response);
    emit({
      kind: 'event',
      type: 'response-finished',
      id: requestId(request),
      peerPort: socket?.remotePort ?? null,
      status: response.statusCode,
      connectionClose: saysClose(response),
      ...(injection ? { injection } : {}),
    });
  });
  watchResponseHeads();
  watchUpgrades();
}

/**
 * The moment a response's head is fixed: writeHead, which Node also calls for a response that never
 * called it (`_implicitHeader`, on the first write or end). A response decided before the signal and
 * sent after it (a slow write, or the agent's held answer) could not have said Connection: close.
 */
function watchResponseHeads() {
  const writeHead = http.ServerResponse.prototype.writeHead;
  const started = Symbol('shutdown-check.response-started');
  /** @this {http.ServerResponse & { [started]?: true }} @param {any[]} args */
  http.ServerResponse.prototype.writeHead = function (...args) {
    const result = writeHead.apply(this, /** @type {any} */ (args));
    if (!this[started] && this.req) {
      this[started] = true;
      emit({
        kind: 'event',
        type: 'response-started',
        id: requestId(this.req),
        peerPort: this.socket?.remotePort ?? null,
        status: this.statusCode,
        connectionClose: saysClose(this),
        ...(signalHandlerHasRun() ? { afterSignalHandler: /** @type {const} */ (true) } : {}),
      });
    }
    return result;
  };
}

/** Upgrades (WebSockets) leave the HTTP machinery, so no response.finish follows them. */
function watchUpgrades() {
  const emitOnServer = http.Server.prototype.emit;
  /** @this {http.Server} @param {string | symbol} name @param {any[]} args */
  http.Server.prototype.emit = function (name, ...args) {
    if (name === 'upgrade') {
      const request = /** @type {http.IncomingMessage} */ (args[0]);
      emit({ kind: 'event', type: 'upgrade', id: requestId(request), peerPort: request.socket?.remotePort ?? null });
    }
    return emitOnServer.apply(this, /** @type {any} */ ([name, ...args]));
  };
}
