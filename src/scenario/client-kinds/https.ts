import { keepAliveLike, type KeepAliveLikeSpec } from './keep-alive-like.js';

/**
 * Keep-alive requests on one HTTP/1.1 connection over TLS: what a keep-alive client is to a clear-text
 * server, drawn, placed and judged as one (the same requests, the same race on an idle connection at
 * the signal), to a server that serves TLS (https.Server, or an http2 secure server with allowHTTP1).
 */
export type HttpsClientSpec = KeepAliveLikeSpec<'https'>;

export const httpsKind = keepAliveLike('https', 'https', { kind: 'https', id: 'S', at: 0, requests: [{ at: 0, path: '/' }, { at: 1, path: '/' }] }, 'over TLS');
