import type { Protocols } from './agent-protocol.js';

/**
 * What a server without an agent answered to one probe, and what the answers together say it serves.
 * Pure: the sockets are protocol-probe.ts's.
 */

/** The answer to a plain-text `GET` in clear text. */
export type ClearAnswer =
  /** an HTTP/1.x status line, with its status code */
  | { kind: 'http1'; status: number }
  /** bytes that are no HTTP/1.x status line (an echo, a TLS alert, HTTP/2 frames), as latin1 text */
  | { kind: 'other'; head: string }
  /** the connection ended (or failed) before any byte */
  | { kind: 'closed' }
  /** nothing at all within the probe's time: a service waiting for its own protocol */
  | { kind: 'silent' };

/** The answer to a TLS handshake (any certificate taken) offering ALPN h2 and http/1.1, then a `GET` unless h2 was chosen. */
export type TlsAnswer =
  /** the server chose h2 (RFC 7301 §3.2; RFC 9113 §3.2): HTTP/2 over TLS */
  | { kind: 'h2' }
  /** it chose http/1.1 or no protocol, and answered the `GET` with an HTTP/1.x status line */
  | { kind: 'https' }
  /** no handshake, or no HTTP answer over it */
  | { kind: 'none' };

/** The longest an HTTP/1.x status line's start can be before it is decided: `HTTP/1.1 200`. */
export const STATUS_LINE_START = 12;

/**
 * Reads the start of a clear-text answer (latin1): HTTP when it begins with an HTTP/1.x status line
 * (RFC 9112 §4). A line-echo service sends the request line back, which begins with `GET`: not HTTP.
 * Returns null while more bytes are to come that could still make a status line, or, for an answer
 * that is not one, until it has an HTTP/2 frame header's worth (what tells an HTTP/2 server's answer).
 */
export function readStatusLine(received: string, ended: boolean): ClearAnswer | null {
  const match = /^HTTP\/1\.\d (\d{3})/.exec(received);
  if (match) return { kind: 'http1', status: Number(match[1]) };
  if (ended) return received.length === 0 ? { kind: 'closed' } : { kind: 'other', head: received };
  const couldBeStatus = received.length < STATUS_LINE_START && [...received].every((c, i) => fitsStatusLine(c, i));
  return couldBeStatus || received.length < FRAME_HEADER_LENGTH ? null : { kind: 'other', head: received };
}

/** `HTTP/1.x nnn`, where `d` stands for any digit. */
const STATUS_LINE_SHAPE = 'HTTP/1.d ddd';

function fitsStatusLine(c: string, at: number): boolean {
  const expected = STATUS_LINE_SHAPE[at];
  return expected === 'd' ? c >= '0' && c <= '9' : c === expected;
}

/** The 9-byte frame header of an HTTP/2 frame (RFC 9113 §4.1). */
export const FRAME_HEADER_LENGTH = 9;
const SETTINGS = 0x04;
const ACK = 0x01;

/**
 * Whether bytes begin with what can be an HTTP/2 frame header (RFC 9113 §4.1): a frame type defined by
 * RFC 9113 §6 (0 to 9) and the reserved bit clear. What an HTTP/2 server sends to a client whose
 * preface is wrong: its SETTINGS, or a GOAWAY (§3.4).
 */
export function looksLikeH2Frame(bytes: Uint8Array): boolean {
  return bytes.length >= FRAME_HEADER_LENGTH && (bytes[3] ?? 0xff) <= 0x09 && ((bytes[5] ?? 0) & 0x80) === 0;
}

/** A TLS alert record's first bytes: content type alert (21), then a 3.x record version (RFC 8446 §5.1, §6). */
function isTlsAlert(head: string): boolean {
  return head.charCodeAt(0) === 21 && head.charCodeAt(1) === 3;
}

/**
 * Whether the first bytes a server sent after the client's connection preface are the server's own
 * preface: a SETTINGS frame, not an ACK, on stream 0, whose length is a multiple of 6 (RFC 9113 §3.4,
 * §6.5). An echo of the client's preface begins with `PRI`, which is no such frame.
 */
export function isServerPreface(bytes: Uint8Array): boolean {
  if (bytes.length < FRAME_HEADER_LENGTH) return false;
  const length = ((bytes[0] ?? 0) << 16) | ((bytes[1] ?? 0) << 8) | (bytes[2] ?? 0);
  const streamId = (((bytes[5] ?? 0) & 0x7f) << 24) | ((bytes[6] ?? 0) << 16) | ((bytes[7] ?? 0) << 8) | (bytes[8] ?? 0);
  return bytes[3] === SETTINGS && ((bytes[4] ?? 0) & ACK) === 0 && streamId === 0 && length % 6 === 0;
}

/**
 * Whether a clear-text answer is one a TLS server gives to clear text, so that a handshake is worth
 * trying. A TLS server fails the handshake on a first record that is no TLS record (content type `G`
 * is none of RFC 8446 §5.1's) at once: Node's and Python's close the connection without a byte, some
 * send an alert first, and some answer in HTTP with a 400 (Go's net/http: `HTTP/1.0 400 Bad Request`,
 * "Client sent an HTTP request to an HTTPS server"; nginx: "The plain HTTP request was sent to HTTPS
 * port"). Any other status is an HTTP/1.1 server in clear text; an echo, a banner, or silence for the
 * probe's whole time is no TLS server. So a plain HTTP server costs one request, and a raw service
 * never waits for a handshake it cannot answer.
 */
export function worthTryingTls(clear: ClearAnswer): boolean {
  switch (clear.kind) {
    case 'http1':
      return clear.status === 400;
    case 'closed':
      return true;
    case 'other':
      return isTlsAlert(clear.head);
    case 'silent':
      return false;
  }
}

/**
 * Whether the h2c preface is worth sending: where the `GET` was closed on without a byte, or answered
 * with what can be HTTP/2 frames (Node's h2c server sends its SETTINGS, then a GOAWAY, RFC 9113 §3.4).
 */
export function worthTryingH2c(clear: ClearAnswer): boolean {
  if (clear.kind === 'closed') return true;
  return clear.kind === 'other' && looksLikeH2Frame(Buffer.from(clear.head, 'latin1'));
}

export interface ProbedProtocols {
  /** some protocol of HTTP is spoken (otherwise the target is a raw TCP service) */
  http: boolean;
  /** the same shape as a Node target's agent reports */
  protocols: Protocols;
}

/**
 * What the answers say the target serves, in the shape a Node target's agent gives. `tls` is the
 * handshake offering h2 and http/1.1; `tlsHttp1` the one offering http/1.1 alone, made only when the
 * first chose h2 (a server that serves both, as an http2 secure server with allowHTTP1, is then h2
 * and https alike). A clear 400 from a server that speaks TLS is that server refusing clear text: it is
 * not taken for an HTTP/1.1 server in clear text.
 */
export function protocolsFrom(answers: { clear: ClearAnswer; tls: TlsAnswer; tlsHttp1: TlsAnswer; h2c: boolean }): ProbedProtocols {
  const { clear, tls, tlsHttp1, h2c } = answers;
  const secure = tls.kind !== 'none';
  const protocols: Protocols = {
    http1: clear.kind === 'http1' && !(clear.status === 400 && secure),
    https: tls.kind === 'https' || tlsHttp1.kind === 'https',
    h2c: h2c && !(clear.kind === 'http1'),
    h2: tls.kind === 'h2',
  };
  return { http: protocols.http1 || protocols.https || protocols.h2c || protocols.h2, protocols };
}
