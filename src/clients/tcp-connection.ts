import net from 'node:net';
import type { ClientContext } from './client.js';
import { SocketWatch } from './socket-watch.js';

/**
 * A plain TCP connection of one client (silent and raw clients): records the attempt, the refusal
 * or the connection, and how and by whom it ended.
 */
export class TcpConnection {
  socket: net.Socket | null = null;
  watch: SocketWatch | null = null;
  private connecting = false;
  private closeRequested = false;

  constructor(
    private readonly client: string,
    private readonly ctx: ClientContext,
  ) {}

  open(onData?: (chunk: Buffer) => void, onEnd?: () => void): void {
    const { ctx, client } = this;
    ctx.record({ type: 'client-connect', client });
    this.connecting = true;
    const socket = net.connect({ host: ctx.host, port: ctx.port });
    this.socket = socket;
    socket.once('connect', () => {
      this.connecting = false;
      const watch = new SocketWatch(socket);
      this.watch = watch;
      ctx.bindSocket(socket);
      ctx.record({ type: 'client-connected', client });
      // A silent client reads, and drops, what the server sends: an HTTP/2 server writes its SETTINGS to
      // every connection at once, and a FIN behind unread bytes would never be seen.
      if (onData) socket.on('data', onData);
      else socket.resume();
      void watch.closedPromise.then(() => {
        onEnd?.();
        ctx.record({ type: 'connection-ended', client, ...watch.ending() });
      });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (!this.connecting) return; // after connecting, the watch has recorded what the error means
      this.connecting = false;
      if (error.code === 'ECONNREFUSED') ctx.record({ type: 'client-refused', client });
      onEnd?.();
    });
  }

  settled(): boolean {
    return !this.connecting && !(this.closeRequested && this.isOpen());
  }

  private isOpen(): boolean {
    return this.watch !== null && !this.watch.closed;
  }

  openConnections(): number {
    return this.isOpen() ? 1 : 0;
  }

  /** Ends the connection from the client's side. */
  async close(): Promise<void> {
    this.closeRequested = true;
    const { watch, socket } = this;
    socket?.destroy();
    if (watch) await watch.closedPromise;
  }
}
