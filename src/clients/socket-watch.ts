import type { Socket } from 'node:net';
import type { ConnectionEnd } from '../history/events.js';

/**
 * What one TCP socket saw, from the socket's own events rather than from any library's error
 * messages: 'end' is the peer's FIN; an 'error' with ECONNRESET is the peer's RST (Node reports a
 * received RST as ECONNRESET on read; EPIPE on a write to a socket the peer already reset).
 */
export class SocketWatch {
  finReceived = false;
  resetReceived = false;
  /** the server asked for the end: `Connection: close`, or a WebSocket close frame */
  serverAskedToClose = false;
  closed = false;
  readonly closedPromise: Promise<void>;

  /**
   * @param socket what carries the bytes of HTTP: the TCP socket, or the TLS socket on it
   * @param transport the TCP socket itself (the same, without TLS), whose reading a hold stops
   */
  constructor(
    readonly socket: Socket,
    readonly transport: Socket = socket,
  ) {
    socket.on('end', () => {
      this.finReceived = true;
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') this.resetReceived = true;
    });
    this.closedPromise = new Promise((resolve) =>
      socket.once('close', () => {
        this.closed = true;
        resolve();
      }),
    );
  }

  /** bytes of the response seen so far */
  get bytesRead(): number {
    return this.socket.bytesRead;
  }

  /** What the server sent to end the connection, if anything has been seen. */
  serverEnd(): ConnectionEnd | null {
    if (this.resetReceived) return 'rst';
    if (this.finReceived) return 'fin';
    return null;
  }

  /**
   * How the connection ended and on whose initiative. A connection the server asked to close counts
   * as the server's even when the client's side went first: after `Connection: close` undici destroys
   * the socket itself, and whether the server's FIN has been read by then is a matter of timing.
   */
  ending(): { how: ConnectionEnd; by: 'client' | 'server' } {
    const serverEnd = this.serverEnd();
    return {
      how: serverEnd ?? 'fin',
      by: serverEnd !== null || this.serverAskedToClose ? 'server' : 'client',
    };
  }
}
