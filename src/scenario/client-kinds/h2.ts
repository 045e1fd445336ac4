import { keepAliveLike, type KeepAliveLikeSpec } from './keep-alive-like.js';

/**
 * Requests on one HTTP/2 session, each on a stream of its own, opened at its time whatever the others
 * are doing: streams are concurrent on a session, so a stream due while another is unanswered opens at
 * once (unlike a keep-alive request, which waits). Streams due after the signal open during the drain,
 * where the server's GOAWAY decides what becomes of them (RFC 9113 §6.8): once it has come, the client
 * sends them on a new session, as real clients do (see clients/h2.ts). The session is HTTP/2 in
 * clear text with prior knowledge (h2c) against a clear-text HTTP/2 server, over TLS (ALPN h2) against
 * a secure one.
 */
export type H2ClientSpec = KeepAliveLikeSpec<'h2'>;

export const h2Kind = keepAliveLike('h2', 'h2', { kind: 'h2', id: 'H', at: 0, requests: [{ at: 0, path: '/' }, { at: 0, path: '/' }, { at: 1, path: '/' }] }, 'on HTTP/2 streams, on a new session after a GOAWAY');
