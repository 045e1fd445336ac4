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
  closedByUs = false;
  closed = false;
  readonly closedPromise: Promise<void>;

  constructor(readonly socket: Socket) {
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

  /** How the connection ended and who ended it; null while it is open or if we ended it first. */
  serverEnd(): ConnectionEnd | null {
    if (this.resetReceived) return 'rst';
    if (this.finReceived) return 'fin';
    return null;
  }
}
