import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { createInterface } from 'node:readline';
import { COMMAND_CHANNEL, type AgentCommand, type AgentControl, type AgentEvent, type AgentMessage, type Protocols } from './agent-protocol.js';
import type { RunGuard } from './process-group.js';
import type { ClockMode, Exit, Target } from './target.js';
import { keepTail, outputRead } from './target-output.js';

/** The fd of the pipe the agent writes its events and answers on. */
export const EVENTS_FD = 3;

/** What a running target serves, as its agent sees it. */
export interface TargetDescription {
  /** some listener speaks HTTP (otherwise the target is a raw TCP service) */
  http: boolean;
  /** some listener takes upgrades (a WebSocket endpoint) */
  upgrade: boolean;
  /** the paths of its `ws` WebSocketServers made with a `path` option, first created first */
  websocketPaths: string[];
  /** what its HTTP listeners speak: HTTP/1.1 in clear text or over TLS, HTTP/2 in clear text (h2c) or over TLS */
  protocols: Protocols;
}

/** HTTP/1.1 in clear text only: what a target is taken to speak when nobody can tell more (no agent). */
export const PLAIN_HTTP1: Protocols = { http1: true, https: false, h2c: false, h2: false };

/**
 * A running target: its process (in its own group), the agent's events, and the commands that move
 * its virtual clock. Emits 'event' (AgentEvent) and 'exit' (Exit, after every event has been read).
 */
export class TargetProcess extends EventEmitter<{ event: [AgentEvent]; exit: [Exit] }> implements Target {
  readonly pid: number;
  readonly hasAgent = true;
  /** the last lines of the target's stdout, updated as it writes */
  readonly stdoutTail: string[];
  /** the last lines of the target's stderr, updated as it writes */
  readonly stderrTail: string[];
  /** the port of the first listener, once it listens */
  port: number | null = null;
  exitStatus: Exit | null = null;
  /** every event the agent has reported, from the start (including those before the first listener) */
  readonly events: AgentEvent[] = [];
  /** resolves when the process has exited and its events have all been read */
  readonly exited: Promise<Exit>;

  private seq = 0;
  private retaining = true;
  private readonly pending = new Map<number, (control: AgentControl | null) => void>();
  /** the target's process group and the processes that carry its mark, until the run is disposed of */
  private readonly guard: RunGuard;

  constructor(
    private readonly child: ChildProcess,
    readonly clock: ClockMode,
    /** the target's process group and the mark in the environment of every process it starts */
    guard: RunGuard,
  ) {
    super();
    if (child.pid === undefined) throw new Error('spawn gave no pid');
    this.pid = child.pid;
    this.guard = guard;
    this.stdoutTail = keepTail(child.stdout);
    this.stderrTail = keepTail(child.stderr);

    const eventsStream = child.stdio[EVENTS_FD];
    const eventsDone = new Promise<void>((resolve) => {
      if (!eventsStream || !('on' in eventsStream)) return resolve();
      const lines = createInterface({ input: eventsStream as NodeJS.ReadableStream, crlfDelay: Infinity });
      lines.on('line', (line) => this.onLine(line));
      lines.on('close', () => resolve());
    });
    const processDone = new Promise<Exit>((resolve) => {
      child.on('exit', (code, signal) => resolve({ code, signal }));
    });
    this.exited = Promise.all([processDone, eventsDone]).then(([exit]) => {
      this.exitStatus = exit;
      for (const resolve of this.pending.values()) resolve(null);
      this.pending.clear();
      this.emit('exit', exit);
      return exit;
    });
  }

  /**
   * From now on events are only emitted, not kept in `events`: a target under load reports millions,
   * and a caller that counts them as they come needs none kept. Returns those kept so far.
   */
  stopRetainingEvents(): AgentEvent[] {
    this.retaining = false;
    return this.events.splice(0);
  }

  get alive(): boolean {
    return this.exitStatus === null;
  }

  private onLine(line: string): void {
    let message: AgentMessage;
    try {
      message = JSON.parse(line) as AgentMessage;
    } catch {
      return; // not the agent's: a grandchild with the same fd, say
    }
    if (message.kind === 'control') {
      this.pending.get(message.seq)?.(message);
      this.pending.delete(message.seq);
      return;
    }
    if (message.type === 'listening' && this.port === null) this.port = message.port;
    if (this.retaining) this.events.push(message);
    this.emit('event', message);
  }

  /**
   * Asks the agent for its virtual now and next due timer, after the target has had two idle turns of
   * its event loop; with `to`, first moves the virtual clock there, firing the timers due on the way.
   * Resolves null if the target exits first.
   */
  command(op: 'status' | 'advance', to?: number): Promise<AgentControl | null> {
    if (!this.alive) return Promise.resolve(null);
    // A closed channel on a process not yet seen to exit is a process exiting: answer once the exit is
    // recorded, so that a caller never takes "no answer" for "quiet" while the exit is on its way.
    if (!this.child.connected) return this.exited.then(() => null);
    const seq = ++this.seq;
    return new Promise((resolve) => {
      this.pending.set(seq, resolve);
      const command: AgentCommand = { channel: COMMAND_CHANNEL, op, seq, to };
      this.child.send(command, (error) => {
        if (error) {
          this.pending.delete(seq);
          void this.exited.then(() => resolve(null));
        }
      });
    });
  }

  /**
   * What the target serves: HTTP or raw TCP, whether it has a WebSocket endpoint, and the paths of its
   * `ws` WebSocketServers made with a `path` option.
   */
  async describe(): Promise<TargetDescription> {
    const status = await this.command('status');
    return {
      http: status?.http ?? true,
      upgrade: status?.upgrade ?? false,
      websocketPaths: status?.websocketPaths ?? [],
      protocols: status?.protocols ?? PLAIN_HTTP1,
    };
  }

  /** Sends a signal to the target process itself, as a container runtime does to PID 1. */
  signal(signal: NodeJS.Signals): void {
    if (this.alive) {
      try {
        process.kill(this.pid, signal);
      } catch {
        // already gone
      }
    }
  }

  /** The harness started the listening Node process itself and signals it: nothing to find. */
  serverAtEnd(): null {
    return null;
  }

  /**
   * Kills the target's whole process group and every process that carries its run's mark (its
   * children and theirs, those that left the group too), and waits for the exit. Safe to call after
   * the target has exited: its children may still be running.
   */
  async dispose(): Promise<Exit> {
    this.guard.kill();
    const exit = await this.exited;
    this.guard.release();
    return exit;
  }

  /** Resolves once the target's output has been read to its end (bounded: see outputRead). */
  outputRead(): Promise<void> {
    return outputRead(this.child);
  }
}
