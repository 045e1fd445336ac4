import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { AgentControl, AgentEvent, AgentMessage } from './agent-protocol.js';
import { TargetError } from './errors.js';
import { registerGroup, releaseGroup, signalGroup } from './process-group.js';
import type { ClockMode, Exit, Target } from './target.js';

export type { ClockMode, Exit } from './target.js';

export interface LaunchOptions {
  /** the target's entry file */
  entry: string;
  clock: ClockMode;
  /** keep the ports the target asks for instead of remapping them to ephemeral ones */
  keepPorts?: boolean;
  /** real milliseconds to wait for the first listener (default 10 s) */
  startupTimeoutMs?: number;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** arguments passed to the target */
  args?: string[];
  /** real clock only: real ms per scenario ms; the agent scales the target's timers by it (default 1) */
  timeScale?: number;
}

export const DEFAULT_STARTUP_TIMEOUT_MS = 10_000;
export const TAIL_LINES = 20;
const EVENTS_FD = 3;

/** The agent is shipped as source (agent.mjs) next to this file in src/, and copied as-is into dist/. */
export const AGENT_PATH = fileURLToPath(new URL('./agent.mjs', import.meta.url));

/**
 * A running target: its process (in its own group), the agent's events, and the commands that move
 * its virtual clock. Emits 'event' (AgentEvent) and 'exit' (Exit, after every event has been read).
 */
export class TargetProcess extends EventEmitter<{ event: [AgentEvent]; exit: [Exit] }> implements Target {
  readonly pid: number;
  readonly hasAgent = true;
  readonly stdoutTail: string[] = [];
  readonly stderrTail: string[] = [];
  /** the port of the first listener, once it listens */
  port: number | null = null;
  exitStatus: Exit | null = null;
  /** every event the agent has reported, from the start (including those before the first listener) */
  readonly events: AgentEvent[] = [];
  /** resolves when the process has exited and its events have all been read */
  readonly exited: Promise<Exit>;

  private seq = 0;
  private readonly pending = new Map<number, (control: AgentControl | null) => void>();

  constructor(
    private readonly child: ChildProcess,
    readonly clock: ClockMode,
  ) {
    super();
    if (child.pid === undefined) throw new Error('spawn gave no pid');
    this.pid = child.pid;
    registerGroup(this.pid);
    keepTail(child.stdout, this.stdoutTail);
    keepTail(child.stderr, this.stderrTail);

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
      releaseGroup(this.pid);
      for (const resolve of this.pending.values()) resolve(null);
      this.pending.clear();
      this.emit('exit', exit);
      return exit;
    });
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
    this.events.push(message);
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
      this.child.send({ channel: 'shutdown-check', op, seq, to }, (error) => {
        if (error) {
          this.pending.delete(seq);
          void this.exited.then(() => resolve(null));
        }
      });
    });
  }

  /** What the target serves: HTTP or raw TCP, and whether it has a WebSocket endpoint. */
  async describe(): Promise<{ http: boolean; upgrade: boolean }> {
    const status = await this.command('status');
    return { http: status?.http ?? true, upgrade: status?.upgrade ?? false };
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

  /** Kills the target's whole process group (its children too) and waits for the exit. */
  async dispose(): Promise<Exit> {
    signalGroup(this.pid, 'SIGKILL');
    return this.exited;
  }
}

export function keepTail(stream: NodeJS.ReadableStream | null, tail: string[], onLine?: (line: string) => void): void {
  if (!stream) return;
  // Always read: a target that floods stdout must not block on a full pipe.
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
    onLine?.(line);
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
  });
}

/**
 * Starts `node --import <agent> <entry>` in its own process group and resolves once the agent reports
 * the first listener. Rejects with a TargetError (and leaves no process behind) when the file is
 * missing, the target crashes or exits before listening, or it does not listen in time.
 */
export async function launchTarget(options: LaunchOptions): Promise<TargetProcess> {
  const cwd = options.cwd ?? process.cwd();
  const entry = path.resolve(cwd, options.entry);
  if (!existsSync(entry)) throw new TargetError({ kind: 'missing', entry }, options.entry, []);

  const child = spawn(process.execPath, ['--import', AGENT_PATH, entry, ...(options.args ?? [])], {
    cwd,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'ipc'],
    env: {
      ...(options.env ?? process.env),
      SHUTDOWN_CHECK_EVENTS_FD: String(EVENTS_FD),
      SHUTDOWN_CHECK_CLOCK: options.clock,
      SHUTDOWN_CHECK_KEEP_PORTS: options.keepPorts ? '1' : '0',
      SHUTDOWN_CHECK_TIME_SCALE: String(options.clock === 'real' ? (options.timeScale ?? 1) : 1),
    },
  });
  const target = new TargetProcess(child, options.clock);
  const timeoutMs = options.startupTimeoutMs ?? DEFAULT_STARTUP_TIMEOUT_MS;

  let exception: string | null = null;
  const onEvent = (event: AgentEvent): void => {
    if (event.type === 'uncaught-exception' && exception === null) exception = event.message;
  };
  target.on('event', onEvent);
  try {
    const outcome = await waitForListener(target, timeoutMs);
    if (outcome.kind === 'listening') return target;
    if (outcome.kind === 'exited') {
      const { code, signal } = outcome.exit;
      const failure =
        exception !== null || (code !== null && code !== 0)
          ? ({ kind: 'crashed', code, signal, exception } as const)
          : ({ kind: 'exited-before-listening', code, signal } as const);
      throw new TargetError(failure, options.entry, target.stderrTail);
    }
    await target.dispose();
    throw new TargetError({ kind: 'never-listened', timeoutMs }, options.entry, target.stderrTail);
  } finally {
    target.off('event', onEvent);
  }
}

type StartOutcome = { kind: 'listening' } | { kind: 'exited'; exit: Exit } | { kind: 'timeout' };

/**
 * Waits for the first listener. Under the virtual clock a target may wait on a timer before it listens
 * (a retry, a warm-up); when it is quiet with a timer pending, the clock is moved to that timer.
 */
async function waitForListener(target: TargetProcess, timeoutMs: number): Promise<StartOutcome> {
  let settled: StartOutcome | null = null;
  const done = new Promise<StartOutcome>((resolve) => {
    const onEvent = (event: AgentEvent): void => {
      if (event.type === 'listening') finish({ kind: 'listening' });
    };
    const onExit = (exit: Exit): void => finish({ kind: 'exited', exit });
    const timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
    function finish(outcome: StartOutcome): void {
      if (settled) return;
      settled = outcome;
      clearTimeout(timer);
      target.off('event', onEvent);
      target.off('exit', onExit);
      resolve(outcome);
    }
    target.on('event', onEvent);
    target.on('exit', onExit);
  });
  if (target.clock === 'virtual') void nudgeClockUntil(target, () => settled !== null);
  return done;
}

async function nudgeClockUntil(target: TargetProcess, stop: () => boolean): Promise<void> {
  while (!stop()) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (stop()) return;
    const status = await target.command('status');
    if (stop() || status === null) return;
    if (status.next !== null) await target.command('advance', status.next);
  }
}
