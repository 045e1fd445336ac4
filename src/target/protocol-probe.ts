import net from 'node:net';

/** How long the probe waits for the first bytes of an answer (real ms). */
const PROBE_TIMEOUT_MS = 2000;

/**
 * Whether a server without an agent speaks HTTP: one `GET` with `Connection: close`, and HTTP it is
 * if the answer begins with an HTTP/1.x status line (RFC 9112 §4). A line-echo service sends the
 * request line back, and a service that waits for its own protocol sends nothing: both are raw TCP.
 */
export function speaksHttp(port: number, path = '/'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let received = '';
    const finish = (http: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(http);
    };
    const timer = setTimeout(() => finish(/^HTTP\/1\.\d /.test(received)), PROBE_TIMEOUT_MS);
    socket.on('connect', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (received.length >= 9) finish(/^HTTP\/1\.\d /.test(received));
    });
    socket.on('end', () => finish(/^HTTP\/1\.\d /.test(received)));
    socket.on('error', () => finish(false));
  });
}
