import { describe, expect, it } from 'vitest';
import { isServerPreface, looksLikeH2Frame, protocolsFrom, readStatusLine, worthTryingH2c, worthTryingTls, type ClearAnswer } from '../../../src/target/probe-answers.js';

const NONE = { kind: 'none' } as const;
/** Node's h2c server's answer to a clear GET: its SETTINGS (empty here), then a GOAWAY. */
const H2_SETTINGS_THEN_GOAWAY = Buffer.from('000000040000000000000008070000000000000000000001', 'hex');

describe('the start of a clear-text answer', () => {
  it('is HTTP/1.x with its status once the status code is in', () => {
    expect(readStatusLine('HTTP/1.1 200 OK\r\n', false)).toEqual({ kind: 'http1', status: 200 });
    expect(readStatusLine('HTTP/1.0 400 Bad Request\r\n', true)).toEqual({ kind: 'http1', status: 400 });
  });

  it('waits while the bytes so far can still become a status line', () => {
    expect(readStatusLine('HTTP/1.1 2', false)).toBeNull();
    expect(readStatusLine('HT', false)).toBeNull();
  });

  it('is not HTTP when it is an echo of the request, and keeps its head', () => {
    expect(readStatusLine('GET / HTTP/1.1\r\n', false)).toEqual({ kind: 'other', head: 'GET / HTTP/1.1\r\n' });
  });

  it('waits for a frame header’s worth of bytes that are no status line, unless the connection ended', () => {
    expect(readStatusLine('\x00\x00\x00\x04', false)).toBeNull();
    expect(readStatusLine('\x00\x00\x00\x04', true)).toEqual({ kind: 'other', head: '\x00\x00\x00\x04' });
  });

  it('is `closed` when the connection ended before any byte', () => {
    expect(readStatusLine('', true)).toEqual({ kind: 'closed' });
  });
});

describe('HTTP/2 frames', () => {
  it('a SETTINGS frame on stream 0 without ACK is the server preface; an ACK, a GOAWAY or an echoed PRI is not', () => {
    expect(isServerPreface(Buffer.from('000006040000000000000300000064', 'hex'))).toBe(true);
    expect(isServerPreface(Buffer.from('000000040100000000', 'hex'))).toBe(false);
    expect(isServerPreface(Buffer.from('000008070000000000', 'hex'))).toBe(false);
    expect(isServerPreface(Buffer.from('PRI * HTTP/2.0\r\n', 'latin1'))).toBe(false);
    expect(isServerPreface(Buffer.from('0000000400', 'hex'))).toBe(false);
  });

  it('an h2c server’s answer to a clear GET looks like frames; text does not', () => {
    expect(looksLikeH2Frame(H2_SETTINGS_THEN_GOAWAY)).toBe(true);
    expect(looksLikeH2Frame(Buffer.from('GET / HTTP/1.1\r\n', 'latin1'))).toBe(false);
  });
});

describe('which probes follow the clear GET', () => {
  const cases: [string, ClearAnswer, boolean, boolean][] = [
    ['an HTTP/1.1 200', { kind: 'http1', status: 200 }, false, false],
    ['an HTTP/1.1 404', { kind: 'http1', status: 404 }, false, false],
    ['a 400, as Go and nginx answer clear text on a TLS port', { kind: 'http1', status: 400 }, true, false],
    ['a close without a byte, as Node and Python TLS servers do', { kind: 'closed' }, true, true],
    ['a TLS alert record', { kind: 'other', head: '\x15\x03\x03\x00\x02\x02\x46' }, true, false],
    ['HTTP/2 frames', { kind: 'other', head: H2_SETTINGS_THEN_GOAWAY.toString('latin1') }, false, true],
    ['an echo', { kind: 'other', head: 'GET / HTTP/1.1\r\n' }, false, false],
    ['silence for the whole probe', { kind: 'silent' }, false, false],
  ];
  it.each(cases)('after %s: TLS %s, h2c %s', (_what, clear, tls, h2c) => {
    expect(worthTryingTls(clear)).toBe(tls);
    expect(worthTryingH2c(clear)).toBe(h2c);
  });
});

describe('what the answers together say, in the agent’s shape', () => {
  it('clear HTTP/1.1 alone', () => {
    expect(protocolsFrom({ clear: { kind: 'http1', status: 200 }, tls: NONE, tlsHttp1: NONE, h2c: false })).toEqual({
      http: true,
      protocols: { http1: true, https: false, h2c: false, h2: false },
    });
  });

  it('HTTPS that refuses clear text with a 400 is HTTPS only', () => {
    expect(protocolsFrom({ clear: { kind: 'http1', status: 400 }, tls: { kind: 'https' }, tlsHttp1: NONE, h2c: false }).protocols).toEqual({
      http1: false, https: true, h2c: false, h2: false,
    });
  });

  it('a 400 from a server without TLS is still clear HTTP/1.1', () => {
    expect(protocolsFrom({ clear: { kind: 'http1', status: 400 }, tls: NONE, tlsHttp1: NONE, h2c: false }).protocols.http1).toBe(true);
  });

  it('h2 over TLS that answers ALPN http/1.1 too is h2 and https, as an http2 secure server with allowHTTP1', () => {
    expect(protocolsFrom({ clear: { kind: 'closed' }, tls: { kind: 'h2' }, tlsHttp1: { kind: 'https' }, h2c: false }).protocols).toEqual({
      http1: false, https: true, h2c: false, h2: true,
    });
  });

  it('h2c alone', () => {
    expect(protocolsFrom({ clear: { kind: 'other', head: '' }, tls: NONE, tlsHttp1: NONE, h2c: true })).toEqual({
      http: true,
      protocols: { http1: false, https: false, h2c: true, h2: false },
    });
  });

  it('nothing of HTTP is raw TCP', () => {
    expect(protocolsFrom({ clear: { kind: 'silent' }, tls: NONE, tlsHttp1: NONE, h2c: false }).http).toBe(false);
  });
});
