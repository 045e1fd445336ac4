import net from 'node:net';

/**
 * A port that is free on the loopback interface right now: the kernel picks one for a listener that
 * is closed at once. Another process could take it before the target listens; with ephemeral ports
 * that is rare, and the target then fails to start with a clear error instead of a wrong verdict.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('the kernel gave no port'))));
    });
  });
}

/** Whether a TCP connection to 127.0.0.1:port is accepted now (something listens there). */
export function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
