import net from 'node:net';
import tls from 'node:tls';
import {
  FRAME_HEADER_LENGTH,
  isServerPreface,
  protocolsFrom,
  readStatusLine,
  worthTryingH2c,
  worthTryingTls,
  type ClearAnswer,
  type ProbedProtocols,
  type TlsAnswer,
} from './probe-answers.js';

/** How long each probe waits for its answer (real ms). */
const PROBE_TIMEOUT_MS = 2000;

/** The client connection preface (RFC 9113 §3.4) followed by an empty SETTINGS frame (§6.5). */
const H2_PREFACE = Buffer.concat([Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1'), Buffer.from([0, 0, 0, 0x04, 0, 0, 0, 0, 0])]);

const NO_TLS: TlsAnswer = { kind: 'none' };

/**
 * What a server without an agent serves, asked as a client would: one plain-text `GET` with
 * `Connection: close` first, which is all a clear HTTP/1.1 server costs. Only where that gets no HTTP
 * answer (or a 400, which a TLS server may give to clear text) come a TLS handshake offering ALPN h2
 * and http/1.1 and, at the same time on its own connection, the HTTP/2 prior-knowledge preface
 * (RFC 9113 §3.3); a server that chose h2 gets a second handshake offering http/1.1 alone, to tell
 * whether it answers HTTP/1.1 over TLS too. Every connection ends with its probe, and each probe ends
 * within PROBE_TIMEOUT_MS.
 */
export async function probeProtocols(port: number, path = '/'): Promise<ProbedProtocols> {
  const clear = await askClear(port, path);
  const [tlsAnswer, h2c] = await Promise.all([
    worthTryingTls(clear) ? askTls(port, path, ['h2', 'http/1.1']) : NO_TLS,
    worthTryingH2c(clear) ? askH2c(port) : false,
  ]);
  const tlsHttp1 = tlsAnswer.kind === 'h2' ? await askTls(port, path, ['http/1.1']) : NO_TLS;
  return protocolsFrom({ clear, tls: tlsAnswer, tlsHttp1, h2c });
}

function getRequest(port: number, path: string): string {
  return `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`;
}

/** Reads the start of the answer to the `GET` the caller writes on `socket`; destroys it once decided. */
function readAnswer(socket: net.Socket): Promise<ClearAnswer> {
  return new Promise((resolve) => {
    let received = '';
    const finish = (answer: ClearAnswer): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => finish(received === '' ? { kind: 'silent' } : (readStatusLine(received, true) as ClearAnswer)), PROBE_TIMEOUT_MS);
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      const answer = readStatusLine(received, false);
      if (answer !== null) finish(answer);
    });
    socket.on('end', () => finish(readStatusLine(received, true) as ClearAnswer));
    socket.on('error', () => finish(readStatusLine(received, true) as ClearAnswer));
  });
}

function askClear(port: number, path: string): Promise<ClearAnswer> {
  const socket = net.connect({ host: '127.0.0.1', port });
  socket.once('connect', () => socket.write(getRequest(port, path)));
  return readAnswer(socket);
}

/**
 * A TLS handshake that takes any certificate, as the clients do (http-connection.ts, h2.ts): a target's
 * certificate is its own, often self-signed, and the harness talks to loopback only. No SNI: the host
 * is an address (RFC 6066 §3).
 */
function askTls(port: number, path: string, alpn: string[]): Promise<TlsAnswer> {
  return new Promise((resolve) => {
    const socket = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false, ALPNProtocols: alpn });
    let settled = false;
    const finish = (answer: TlsAnswer): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => finish(NO_TLS), PROBE_TIMEOUT_MS);
    socket.on('error', () => finish(NO_TLS));
    socket.on('close', () => finish(NO_TLS));
    socket.once('secureConnect', () => {
      if (socket.alpnProtocol === 'h2') {
        finish({ kind: 'h2' });
        return;
      }
      clearTimeout(timer);
      settled = true;
      // The answer to the GET, with its own timeout, is readAnswer's; it destroys the socket.
      void readAnswer(socket).then((answer) => resolve(answer.kind === 'http1' ? { kind: 'https' } : NO_TLS));
      socket.write(getRequest(port, path));
    });
  });
}

/** Whether the server answers the HTTP/2 connection preface with its own SETTINGS frame (RFC 9113 §3.4). */
function askH2c(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let received = Buffer.alloc(0);
    const finish = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(isServerPreface(received));
    };
    const timer = setTimeout(finish, PROBE_TIMEOUT_MS);
    socket.once('connect', () => socket.write(H2_PREFACE));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= FRAME_HEADER_LENGTH) finish();
    });
    socket.on('end', finish);
    socket.on('error', finish);
  });
}
