import type { Outcome } from '../history/events.js';
import type { RawClientSpec } from '../scenario/types.js';
import type { Client, ClientContext } from './client.js';
import { TcpConnection } from './tcp-connection.js';

/**
 * A plain TCP session with a line-echo protocol, for non-HTTP targets: each message is a line
 * `<client> <n>`, and it is answered when the same line comes back. A message is recorded as request
 * n (path ''), so the checkers judge it as they judge HTTP requests.
 */
export class RawClient implements Client {
  readonly kind = 'raw';
  readonly id: string;
  private readonly connection: TcpConnection;
  private received = '';
  /** messages sent and not yet echoed, with the bytes read before each */
  private readonly waiting = new Map<number, number>();
  /** messages whose bytes were all handed to the kernel */
  private readonly written = new Set<number>();
  private ended = false;

  constructor(
    spec: RawClientSpec,
    private readonly ctx: ClientContext,
  ) {
    this.id = spec.id;
    this.connection = new TcpConnection(spec.id, ctx);
  }

  act(op: number): void {
    if (op === 0) {
      this.connection.open(
        (chunk) => this.onData(chunk),
        () => this.onEnd(),
      );
      return;
    }
    const line = `${this.id} ${op}\n`;
    this.ctx.record({ type: 'request-sent', client: this.id, request: op, path: '' });
    const socket = this.connection.socket;
    if (this.ended || !socket || socket.destroyed) {
      this.finish(op, this.connection.watch ? 'closed-before-response' : 'refused', false);
      return;
    }
    this.waiting.set(op, this.received.length);
    socket.write(line, (error) => {
      if (error) this.written.delete(op);
      else this.written.add(op);
    });
  }

  private onData(chunk: Buffer): void {
    this.received += chunk.toString('utf8');
    for (const op of [...this.waiting.keys()]) {
      if (this.received.includes(`${this.id} ${op}\n`)) this.finish(op, 'complete', true);
    }
  }

  private onEnd(): void {
    this.ended = true;
    const watch = this.connection.watch;
    for (const [op, before] of [...this.waiting]) {
      const begun = this.received.length > before;
      const end = watch?.serverEnd() ?? 'rst';
      const outcome: Outcome = begun
        ? end === 'rst'
          ? 'reset-mid-response'
          : 'truncated'
        : end === 'rst'
          ? 'reset-before-response'
          : 'closed-before-response';
      this.finish(op, outcome, this.written.has(op));
    }
  }

  private finish(op: number, outcome: Outcome, bytesWritten: boolean): void {
    this.waiting.delete(op);
    this.ctx.record({ type: 'request-outcome', client: this.id, request: op, outcome, bytesWritten });
  }

  acted = (): boolean => this.connection.settled();
  inFlight = (): number => this.waiting.size;
  openConnections = (): number => this.connection.openConnections();
  close = async (): Promise<void> => {
    for (const op of [...this.waiting.keys()]) this.finish(op, 'timeout', this.written.has(op));
    await this.connection.close();
  };
}
