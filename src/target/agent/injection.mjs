// @ts-check
/**
 * Injected latency and streaming, part of the agent: a request may ask the agent to hold the target's
 * answer (HOLD_HEADER: `<ms>`) or to trickle it (STREAM_HEADER: `<chunks>,<everyMs>[,sse]`), so that
 * any route becomes a slow or a streaming one. How an answer is held is injected-response.mjs.
 *
 * Whether the injection had an effect is reported with the response (`injectionOf`): `no-effect` when
 * the response was already out when the agent saw the request, when the handler wrote to the raw
 * socket (the held bytes are let out first, so the target's bytes stay in its order), or, for a
 * trickle, when the response has no body to show mid-way (HEAD, 204, 304, an empty Content-Length).
 * HTTP/2 streams get the same, held at the stream (injected-h2-stream.mjs).
 */
import { InjectedH2Stream } from './injected-h2-stream.mjs';
import { InjectedResponse } from './injected-response.mjs';
import { HOLD_HEADER, parseHoldHeader, parseStreamHeader, STREAM_HEADER } from './protocol.mjs';

/** @type {WeakMap<import('node:http').ServerResponse, InjectedResponse>} */
const injections = new WeakMap();

/**
 * Installs what the request asks for on its response; call it before the handler runs (the
 * `http.server.request.start` diagnostics channel is published before the response is assigned its
 * socket and before the 'request' event). Requests that ask for nothing are left untouched.
 * @param {import('node:http').IncomingMessage} request
 * @param {import('node:http').ServerResponse} response
 * @param {import('node:net').Socket} socket
 */
export function injectOnRequest(request, response, socket) {
  const hold = parseHoldHeader(request.headers[HOLD_HEADER]);
  const trickle = parseStreamHeader(request.headers[STREAM_HEADER]);
  if (hold === null && trickle === null) return;
  injections.set(response, new InjectedResponse(response, socket, hold === null ? null : Date.now() + hold, trickle));
}

/**
 * What the injection the request asked for did, or undefined when it asked for none.
 * @param {import('node:http').ServerResponse} response
 * @returns {import('./injected-response.mjs').Effect | undefined}
 */
export function injectionOf(response) {
  return injections.get(response)?.effect();
}

/** @type {WeakMap<import('node:http2').ServerHttp2Stream, InjectedH2Stream>} */
const streamInjections = new WeakMap();

/**
 * Installs what an HTTP/2 request asks for on its stream; call it from the server's 'stream' event,
 * before the handler (the compatibility layer's 'request' comes from that event too).
 * @param {import('node:http2').ServerHttp2Stream} stream
 * @param {import('node:http2').IncomingHttpHeaders} headers
 */
export function injectOnStream(stream, headers) {
  const hold = parseHoldHeader(headers[HOLD_HEADER]);
  const trickle = parseStreamHeader(headers[STREAM_HEADER]);
  if (hold === null && trickle === null) return;
  streamInjections.set(stream, new InjectedH2Stream(stream, hold === null ? null : Date.now() + hold, trickle));
}

/**
 * What the injection an HTTP/2 request asked for did, or undefined when it asked for none.
 * @param {import('node:http2').ServerHttp2Stream} stream
 * @returns {import('./injected-response.mjs').Effect | undefined}
 */
export function streamInjectionOf(stream) {
  return streamInjections.get(stream)?.effect();
}

/**
 * Lets the injection on an HTTP/2 stream see the compatibility layer's response to it; call it from the
 * server's 'request' event, before the handler.
 * @param {import('node:http2').Http2ServerResponse} response
 */
export function injectOnResponse(response) {
  streamInjections.get(response.stream)?.watchResponse(response);
}
