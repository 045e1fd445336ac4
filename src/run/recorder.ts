import { EventEmitter } from 'node:events';
import type { EventBody, HistoryEvent, Stamp } from '../history/events.js';
import type { AgentEvent } from '../target/agent-protocol.js';

type Entry = { stamp: Stamp; body: EventBody } | { stamp: Stamp; agent: AgentEvent };

/**
 * Collects one run's events as they arrive, stamps them with the executor's current time and step, and
 * translates the agent's view (peer ports) into the history's (client ids). Translation is lazy: the
 * agent may report a connection before the client's own 'connect' callback has told us its local port.
 */
/** The machine's monotonic clock in ms: the one clock the harness and every target share. */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export class Recorder extends EventEmitter<{ change: [] }> {
  /** the current virtual time, set by the executor as it moves the clock */
  t = 0;
  step = 0;
  /** bumps on every recorded event */
  version = 0;
  /** counts the agent's events alone: what the target itself did */
  agentVersion = 0;
  private readonly entries: Entry[] = [];
  private readonly bindings: { port: number; client: string; step: number }[] = [];
  private cache: { version: number; events: HistoryEvent[] } | null = null;
  /**
   * A proxy stands between the clients and the target (`--proxy`): every connection the agent sees is
   * the proxy's, none a client's, and each request read says which upstream connection it came on.
   */
  proxied = false;
  /** under the real clock: t = 0 on the monotonic clock, real ms per history ms, and when each step began */
  private real: { origin: number; scale: number; steps: number[] } | null = null;

  /**
   * Under the real clock, an event's time is when it happened — for the agent's, in the target, by
   * the stamp it carries — so that the history orders events as they happened, not as their
   * channels delivered them; its step is the step under way at that moment.
   */
  useRealTime(origin: number, scale: number): void {
    this.real = { origin, scale, steps: [] };
  }

  /** Begins the next step (an executor action or a move of the virtual clock). */
  beginStep(): void {
    this.step++;
    this.real?.steps.push(monotonicMs());
  }

  private stampAt(ms: number): Stamp {
    if (!this.real) return { t: this.t, step: this.step };
    const { origin, scale, steps } = this.real;
    let step = 0;
    while (step < steps.length && (steps[step] ?? Infinity) <= ms) step++;
    return { t: Math.max(0, Math.round((ms - origin) / scale)), step };
  }

  record(body: EventBody): void {
    this.entries.push({ stamp: this.real ? this.stampAt(monotonicMs()) : this.stampAt(0), body });
    this.changed();
  }

  /** Records an event learnt after the fact (a proxy's log) with the stamp of the event it explains. */
  recordAt(body: EventBody, stamp: Stamp): void {
    this.entries.push({ stamp, body });
    this.changed();
  }

  recordAgent(event: AgentEvent): void {
    // The exit is recorded from the harness's side, where the signal that killed it is known too; in a
    // cluster tree each process's own exit is recorded as well (process-exited).
    if (event.type === 'exit' && event.proc === undefined) return;
    this.entries.push({ stamp: this.stampAt(event.hr / 1000), agent: event });
    this.agentVersion++;
    this.changed();
  }

  /** How many events have been recorded so far: a mark to restamp from. */
  get size(): number {
    return this.entries.length;
  }

  /**
   * Virtual clock: the events recorded since `mark` happened when the agent's clock stopped, which the
   * harness learns only from the agent's answer (a move stops at the first timer that did something
   * visible). Moves the current time there and stamps those events with it.
   */
  restamp(mark: number, t: number): void {
    this.t = Math.max(this.t, t);
    for (let i = mark; i < this.entries.length; i++) {
      const entry = this.entries[i];
      if (entry && !this.real) entry.stamp = { ...entry.stamp, t: this.t };
    }
    this.cache = null;
  }

  bindPort(port: number, client: string): void {
    this.bindings.push({ port, client, step: this.step });
  }

  private changed(): void {
    this.version++;
    this.emit('change');
  }

  /** The client whose connection had this local port at this step (ephemeral ports can be reused). */
  private clientForPort(port: number | null, step: number): string {
    if (port === null) return 'unmatched';
    let found = 'unmatched';
    for (const b of this.bindings) if (b.port === port && b.step <= step) found = b.client;
    if (found === 'unmatched') for (const b of this.bindings) if (b.port === port) return b.client;
    return found;
  }

  /** The history so far, in arrival order (canonicalize it for anything but a progress check). */
  events(): HistoryEvent[] {
    if (this.cache?.version === this.version) return this.cache.events;
    const events: HistoryEvent[] = [];
    // Cluster workers whose own exit has arrived: every process writes its events to one socket, each
    // line in one write, so the order of arrival is the order the writes were made in.
    const exiting = new Set<number>();
    const upstreams = new Upstreams();
    for (const entry of this.entries) {
      const body =
        'body' in entry
          ? entry.body
          : this.proxied
            ? this.translateProxied(entry.agent, upstreams, exiting)
            : this.translate(entry.agent, entry.stamp.step, exiting);
      const proc = 'agent' in entry ? entry.agent.proc : undefined;
      const place = proc !== undefined && body && !('proc' in body) ? { proc } : {};
      if (body) events.push({ ...body, ...place, ...entry.stamp } as HistoryEvent);
    }
    this.cache = { version: this.version, events };
    return events;
  }

  /**
   * Behind a proxy the target's connections are the proxy's upstream connections: none is a client's,
   * and each is numbered in the order the target accepted it (a port the kernel gives again later is a
   * new connection, numbered anew when it opens).
   */
  private translateProxied(e: AgentEvent, upstreams: Upstreams, exiting: Set<number>): EventBody | null {
    if (e.type === 'connection-opened') upstreams.opened(e.peerPort);
    const body = this.translate(e, 0, exiting, () => 'unmatched');
    if (body?.type === 'server-request-started') {
      const upstream = upstreams.of(e.type === 'request-started' ? e.peerPort : null);
      return upstream === undefined ? body : { ...body, upstream };
    }
    return body;
  }

  private translate(
    e: AgentEvent,
    step: number,
    exiting: Set<number>,
    clientFor = (port: number | null): string => this.clientForPort(port, step),
  ): EventBody | null {
    switch (e.type) {
      case 'listening':
        return { type: 'listening', listener: e.listener };
      case 'listener-closed':
        return { type: 'listener-closed', listener: e.listener };
      case 'connection-opened':
        return { type: 'server-connection-opened', client: clientFor(e.peerPort) };
      case 'connection-closed':
        return { type: 'server-connection-closed', client: clientFor(e.peerPort), hadError: e.hadError };
      case 'request-started':
        return {
          type: 'server-request-started',
          client: e.id?.client ?? clientFor(e.peerPort),
          request: e.id?.request ?? -1,
          method: e.method,
          path: e.path,
          ...(e.socketEnded ? { afterServerEnd: true as const } : {}),
        };
      case 'response-started':
        return {
          type: 'server-response-started',
          client: e.id?.client ?? clientFor(e.peerPort),
          request: e.id?.request ?? -1,
          status: e.status,
          connectionClose: e.connectionClose,
          ...(e.afterSignalHandler ? { afterSignalHandler: true as const } : {}),
        };
      case 'response-finished':
        return {
          type: 'server-response-finished',
          client: e.id?.client ?? clientFor(e.peerPort),
          request: e.id?.request ?? -1,
          status: e.status,
          connectionClose: e.connectionClose,
          ...(e.injection !== undefined ? { injection: e.injection } : {}),
        };
      case 'upgrade':
        return {
          type: 'server-upgrade',
          client: e.id?.client ?? clientFor(e.peerPort),
          request: e.id?.request ?? -1,
        };
      case 'signal-handler-added':
      case 'signal-handled':
        return { type: e.type, signal: e.signal };
      case 'uncaught-exception':
        return { type: 'uncaught-exception', message: e.message };
      case 'exit': {
        if (e.proc === undefined) return null;
        exiting.add(e.proc);
        // A worker whose exit was written before the primary's was already ending, not left behind: it
        // had run its exit handlers, and only the primary's reaping of it was still to come.
        const left = (e.workersAlive ?? []).filter((id) => !exiting.has(id));
        return {
          type: 'process-exited',
          proc: e.proc,
          code: e.code,
          signal: null,
          ...(left.length > 0 ? { workersAlive: left } : {}),
          ...(e.primaryLost === true ? { primaryLost: true as const } : {}),
        };
      }
      case 'worker-killed':
        return { type: 'process-exited', proc: e.worker, code: null, signal: e.signal };
    }
  }
}

/** The proxy's upstream connections as the target accepted them, numbered from 1, by their current peer port. */
class Upstreams {
  private count = 0;
  private readonly byPort = new Map<number, number>();

  opened(port: number | null): void {
    if (port !== null) this.byPort.set(port, ++this.count);
  }

  of(port: number | null): number | undefined {
    return port === null ? undefined : this.byPort.get(port);
  }
}
