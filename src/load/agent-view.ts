/**
 * What the target's agent reported during a load run: which requests the server read and when, which
 * connections it accepted before its own signal handler began, its listeners and its first uncaught
 * exception. No I/O and no clock: the run's moments are given. Its events travel on another pipe than
 * the workers' results, so either may arrive first; whatever depends on both is asked only at the end.
 */
import type { AgentEvent } from '../target/agent-protocol.js';

/** One request's key, whether the worker or the agent names it. */
export const keyOf = (client: string, request: number): string => `${client}#${request}`;

/** An answer after the signal, as the no-shutdown-5xx and drain-connection-close counts need it. */
export interface SentAnswer {
  key: string;
  sentAt: number;
}

export class AgentView {
  /** the agent reported anything at all (a Node target); without it the settle rule decides */
  hasAgent = false;
  uncaughtException: string | null = null;
  /** per connection, the request the server has started and not finished (one at a time on each) */
  private readonly serverOpen = new Map<string, number>();
  /** failed requests whose key the agent reported, at whatever moment the report arrived */
  private readonly serverSaw = new Set<string>();
  private readonly failedKeys = new Set<string>();
  /** requests the server read on a connection it had already ended */
  private readonly readAfterEnd = new Set<string>();
  /** the target's own signal handler has started to run (the agent saw it) */
  private serverSignalled = false;
  /**
   * peer ports of the connections the server accepted after the signal was sent but before its own
   * handler ran (the agent reports a connection destroyed as it is accepted with no port: never here)
   */
  private readonly openedBeforeHandler = new Set<number>();
  /** requests the server started once its signal handler had run */
  private readonly startedAfterHandler = new Set<string>();
  private listeners = 0;
  private everListened = false;
  private acceptedAfterClose = 0;

  /** A request failed: whether the server read it is asked once the agent's events are all in. */
  failed(client: string, request: number): void {
    const key = keyOf(client, request);
    this.failedKeys.add(key);
    if (this.serverOpen.get(client) === request) this.serverSaw.add(key);
  }

  /** `signalAt`: when the harness sent the signal, null before it. */
  event(event: AgentEvent, signalAt: number | null): void {
    this.hasAgent = true;
    switch (event.type) {
      case 'request-started':
      case 'response-finished': {
        if (!event.id) return;
        const { client, request } = event.id;
        // Strings are made only where one is needed: this runs twice for every request.
        const needed = this.failedKeys.size > 0 || this.serverSignalled || (event.type === 'request-started' && event.socketEnded);
        const key = needed ? keyOf(client, request) : null;
        if (key !== null && this.failedKeys.has(key)) this.serverSaw.add(key);
        if (event.type === 'request-started') {
          // Read after the server had ended the connection: its answer could never be written, so for
          // the client it is lost unread — the keep-alive race, not a request in flight.
          if (event.socketEnded && key !== null) {
            this.readAfterEnd.add(key);
            return;
          }
          this.serverOpen.set(client, request);
          if (key !== null && this.serverSignalled) this.startedAfterHandler.add(key);
        } else if (this.serverOpen.get(client) === request) {
          this.serverOpen.delete(client);
        }
        return;
      }
      case 'signal-handled':
        this.serverSignalled = true;
        return;
      case 'listening':
        this.listeners++;
        this.everListened = true;
        return;
      case 'listener-closed':
        this.listeners = Math.max(0, this.listeners - 1);
        return;
      case 'connection-opened':
        if (this.everListened && this.listeners === 0 && signalAt !== null) this.acceptedAfterClose++;
        if (signalAt !== null && !this.serverSignalled && event.peerPort !== null) this.openedBeforeHandler.add(event.peerPort);
        return;
      case 'uncaught-exception':
        this.uncaughtException ??= event.message;
        return;
      default:
        return;
    }
  }

  /** Connections the server accepted after its last listener had closed; null without an agent. */
  get acceptedAfterListenersClosed(): number | null {
    return this.hasAgent ? this.acceptedAfterClose : null;
  }

  /** Whether the server read a failed request; null without an agent to ask. */
  serverRead(key: string): boolean | null {
    return this.hasAgent ? this.serverSaw.has(key) && !this.readAfterEnd.has(key) : null;
  }

  /** Whether the connection on `localPort` was accepted before the handler began; null if nobody can tell. */
  acceptedBeforeHandler(localPort: number | null): boolean | null {
    return this.serverSignalled && localPort !== null ? this.openedBeforeHandler.has(localPort) : null;
  }

  /**
   * Whether the server started this request after the signal, which is when drain-connection-close
   * asks for `Connection: close`. The agent tells it when the target has a handler: a request the
   * harness sent after the signal may still be read before the handler runs. Otherwise a request sent
   * at least settleMs after the signal counts.
   */
  startedAfterSignal(answer: SentAnswer, signalAt: number | null, settleMs: number): boolean {
    if (this.serverSignalled) return this.startedAfterHandler.has(answer.key);
    return signalAt !== null && answer.sentAt >= signalAt + settleMs;
  }

  /**
   * Whether the server read this request before the signal: before its own handler ran, when the agent
   * tells (every request it starts after the handler is keyed then); otherwise when it was sent at least
   * settleMs before the signal.
   */
  readBeforeSignal(answer: SentAnswer, signalAt: number | null, settleMs: number): boolean {
    if (this.serverSignalled) return !this.startedAfterHandler.has(answer.key);
    return signalAt !== null && answer.sentAt <= signalAt - settleMs;
  }
}
