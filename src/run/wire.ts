import type { Socket } from 'node:net';
import { readingNow } from '../clients/held-reading.js';
import type { AgentControl, WireCount } from '../target/agent-protocol.js';
import { WatchdogError } from './waits.js';

/** One connection as the harness's client sees it, with the client that holds it. */
export interface HarnessSide extends WireCount {
  client: string;
  /**
   * Destroyed by the client's side, its 'close' not emitted yet. Node destroys a socket as soon as it
   * has read the peer's FIN and finished its own writes, but emits 'close' only from the handle's close
   * callback, in the close phase of the event loop (lib/net.js Socket#_destroy), after that turn's
   * immediates. The client records how the connection ended (connection-ended, a WebSocket's close)
   * on that 'close'; until then no event says that the step has more to wait for, and the target may
   * not have read the client's last bytes or its FIN yet.
   */
  closing: boolean;
}

/**
 * What is still on the wire between the harness and the target, named as what a step waits for; null
 * when nothing is. A connection counts only where both sides see it open and its port pairs them: one
 * in the listen backlog or already closed by either side is waited for by the step's expectations,
 * which the client's record of the end sets — so one the client has destroyed but not yet closed is
 * waited for here, whatever the target's side says.
 *
 * Bytes and FINs count only towards a side that reads: what a target stopped reading (a paused socket,
 * a full buffer) or what the harness holds unread on purpose (the keep-alive race) waits in the kernel
 * and changes nothing until it is read, which is a later step's business.
 */
export function stillOnTheWire(harness: readonly HarnessSide[], target: readonly WireCount[]): string | null {
  const targetSides = new Map(target.map((t) => [t.port, t]));
  for (const h of harness) {
    if (h.closing) return `client ${h.client} to close its connection`;
    const t = targetSides.get(h.port);
    if (!t) continue;
    if (t.reading && (t.read < h.written || (h.finSent && !t.finReceived))) {
      return `the target to read what client ${h.client} sent (${h.written - t.read} bytes${h.finSent && !t.finReceived ? ' and a FIN' : ''})`;
    }
    if (h.reading && (h.read < t.written || (t.finSent && !h.finReceived))) {
      return `client ${h.client} to read what the target sent (${t.written - h.read} bytes${t.finSent && !h.finReceived ? ' and a FIN' : ''})`;
    }
  }
  return null;
}

/**
 * The harness's side of every connection its clients opened, as byte counts: with the agent's counts
 * of the same connections it tells when the two sides have read everything the other sent, so that a
 * step ends on what happened, not on a quiet window.
 */
export class Wire {
  /** each socket's client and local port: a destroyed socket no longer has the port */
  private readonly sockets = new Map<Socket, { client: string; port: number | undefined }>();

  add(client: string, socket: Socket): void {
    this.sockets.set(socket, { client, port: socket.localPort });
    socket.once('close', () => this.sockets.delete(socket));
  }

  /**
   * Whether the agent's answer `status` (given after two idle turns of the target's loop) and the
   * harness's clients, read now, still disagree on what one side of a connection sent: the other side
   * has yet to read it, and may answer it (a WebSocket close frame, a FIN), so the step is not over.
   * A connection that stays so past the watchdog's deadline ends the run `unknown`, naming it.
   */
  bytesInFlight(status: AgentControl | null, targetAlive: boolean, deadline: number, watchdogMs: number): boolean {
    if (!status || !targetAlive) return false;
    const waiting = stillOnTheWire(this.sides(), status.wire);
    if (waiting === null) return false;
    if (performance.now() >= deadline) throw new WatchdogError(`no progress for ${watchdogMs} ms while waiting for ${waiting}`);
    return true;
  }

  /**
   * The open connections now. Written counts what the client has asked to send, buffered or not, and a
   * FIN once it has called end(): the target has to see all of it before the step is over.
   */
  sides(): HarnessSide[] {
    const sides: HarnessSide[] = [];
    for (const [socket, { client, port }] of this.sockets) {
      if (port === undefined) continue;
      const state = (socket as unknown as { _readableState?: { ended?: boolean } })._readableState;
      sides.push({
        client,
        port,
        closing: socket.destroyed,
        read: socket.bytesRead,
        written: socket.bytesWritten,
        // `ended`, not readableEnded: the FIN has been read even when no one has consumed the data before it.
        finReceived: state?.ended === true,
        finSent: socket.writableEnded,
        reading: readingNow(socket),
      });
    }
    return sides;
  }
}
