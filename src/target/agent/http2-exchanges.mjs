// @ts-check
/**
 * Reports the target's HTTP/2 exchanges, one per stream, as the same request and response events as
 * HTTP/1.1's, so that the invariants judge them alike. Node 20 publishes no diagnostics channel for
 * HTTP/2 streams (`http2.server.stream.*` came in later versions), so the agent listens where the
 * server itself hears of a stream: its 'stream' event, which every session re-emits on its server
 * (sessionOnStream, lib/internal/http2/core.js) before the compatibility layer's 'request'. The
 * connection is the session's socket, matched by its peer port as for HTTP/1.1.
 *
 * HTTP/2 has no `Connection: close`: a server that stops taking streams says so with GOAWAY, which
 * the client records (and http2-goaway judges), so every response here reports `connectionClose`
 * false. A stream whose request asks for injected latency or a trickle gets it as an HTTP/1.1 answer
 * does (injected-h2-stream.mjs): its response is reported started when the handler responds, and
 * finished when the held answer's END_STREAM went out.
 */
import http2 from 'node:http2';
import { emit } from './events.mjs';
import { injectOnResponse, injectOnStream, streamInjectionOf } from './injection.mjs';
import { parseRequestIdHeader, REQUEST_ID_HEADER } from './protocol.mjs';
import { signalHandlerHasRun } from './signals.mjs';

export function watchHttp2Exchanges() {
  for (const Server of [http2.createServer().constructor, http2.createSecureServer().constructor]) {
    const prototype = /** @type {{ emit: (name: string | symbol, ...args: any[]) => boolean }} */ (Server.prototype);
    const emitOnServer = prototype.emit;
    prototype.emit = function (name, ...args) {
      if (name === 'stream') watchStream(/** @type {http2.ServerHttp2Stream} */ (args[0]), /** @type {http2.IncomingHttpHeaders} */ (args[1]));
      // The compatibility layer's 'request' (onServerStream, lib/internal/http2/compat.js), before its handler.
      else if (name === 'request') injectOnResponse(/** @type {http2.Http2ServerResponse} */ (args[1]));
      return emitOnServer.apply(this, [name, ...args]);
    };
  }
}

/**
 * @param {http2.ServerHttp2Stream} stream
 * @param {http2.IncomingHttpHeaders} headers
 */
function watchStream(stream, headers) {
  const id = parseRequestIdHeader(headers[REQUEST_ID_HEADER]);
  const peerPort = stream.session?.socket?.remotePort ?? null;
  emit({ kind: 'event', type: 'request-started', id, peerPort, method: String(headers[':method'] ?? ''), path: String(headers[':path'] ?? '') });
  // Before the handler, and under the reporting below: the response is reported started when the
  // handler responds, as an HTTP/1.1 response is when its head is fixed, held or not.
  injectOnStream(stream, headers);
  let status = 200;
  const respond = stream.respond;
  let started = false;
  /** @param {any[]} args */
  stream.respond = function (...args) {
    const head = /** @type {http2.OutgoingHttpHeaders | undefined} */ (args[0]);
    status = Number(head?.[':status'] ?? 200);
    if (!started) {
      started = true;
      emit({
        kind: 'event',
        type: 'response-started',
        id,
        peerPort,
        status,
        connectionClose: false,
        ...(signalHandlerHasRun() ? { afterSignalHandler: /** @type {const} */ (true) } : {}),
      });
    }
    return respond.apply(this, /** @type {any} */ (args));
  };
  // 'finish': the response's last frame (END_STREAM) was handed to the session. A stream reset before
  // it never finishes, as an HTTP/1.1 response cut by its connection's end never does. But closing a
  // stream with a code (`stream.close(NGHTTP2_REFUSED_STREAM)`) ends its writable side too, and
  // 'finish' follows (Http2Stream.close, lib/internal/http2/core.js): that is a refusal or a reset,
  // no answer, so a stream the handler never responded on, or one closed with an error code, has none.
  stream.once('finish', () => {
    if (!started || (stream.rstCode ?? http2.constants.NGHTTP2_NO_ERROR) !== http2.constants.NGHTTP2_NO_ERROR) return;
    const injection = streamInjectionOf(stream);
    emit({ kind: 'event', type: 'response-finished', id, peerPort, status, connectionClose: false, ...(injection ? { injection } : {}) });
  });
}
