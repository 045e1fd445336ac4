import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import type { Socket } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { AgentControl, AgentEvent, AgentMessage } from './agent-protocol.js';
import { portInUse, TargetError, type TargetFailure } from './errors.js';
import { OutputTail } from './output-tail.js';
import { RunGuard } from './process-group.js';
import { newRunMark, RUN_MARK } from './run-mark.mjs';
import { startupTimer } from './startup-timer.js';
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

/** What a running target serves, as its agent sees it. */
export interface TargetDescription {
  /** some listener speaks HTTP (otherwise the target is a raw TCP service) */
  http: boolean;
  /** some listener takes upgrades (a WebSocket endpoint) */
  upgrade: boolean;
  /** the paths of its `ws` WebSocketServers made with a `path` option, first created first */
  websocketPaths: string[];
}

export const DEFAULT_STARTUP_TIMEOUT_MS = 10_000;
const TAIL_LINES = 20;
/** A longer line keeps its start; the rest is counted, not kept. */
const TAIL_LINE_CHARS = 1000;
const EVENTS_FD = 3;
/**
 * How long a target's end waits for the rest of its output (real ms). The process may exit before its
 * last lines (an exception's stack, say) are read from the pipes; a child it left running may hold
 * them open for ever.
 */
const OUTPUT_GRACE_MS = 1000;

/** Resolves once every pipe of `child` is closed and read to its end, or after OUTPUT_GRACE_MS. */
export function outputRead(child: ChildProcess): Promise<void> {
  const closed = new Promise<void>((resolve) => {
    const exited = child.exitCode !== null || child.signalCode !== null;
    if (exited && child.stdout?.readableEnded !== false && child.stderr?.readableEnded !== false) resolve();
    child.once('close', () => resolve());
  });
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, OUTPUT_GRACE_MS);
  });
  return Promise.race([closed, late]).finally(() => clearTimeout(timer));
}

/** The agent is shipped as source (agent.mjs) next to this file in src/, and copied as-is into dist/. */
export const AGENT_PATH = fileURLToPath(new URL('./agent.mjs', import.meta.url));

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
    /** the value of RUN_MARK in the environment of the target and of every process it starts */
    mark: string,
  ) {
    super();
    if (child.pid === undefined) throw new Error('spawn gave no pid');
    this.pid = child.pid;
    this.guard = new RunGuard(this.pid, mark);
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
      this.child.send({ channel: 'shutdown-check', op, seq, to }, (error) => {
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
    return { http: status?.http ?? true, upgrade: status?.upgrade ?? false, websocketPaths: status?.websocketPaths ?? [] };
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

/**
 * Always reads the stream, so that a target that floods its output never blocks on a full pipe, and
 * keeps only a bounded tail of it, so that the flood costs the harness no memory: a line that never
 * ends must not grow one string without bound (as `readline` would, until the heap runs out).
 * `onLine` sees each line as kept (a long one cut short).
 */
export function keepTail(stream: NodeJS.ReadableStream | null, onLine?: (line: string) => void): string[] {
  const tail = new OutputTail(TAIL_LINES, TAIL_LINE_CHARS, onLine);
  if (stream) {
    stream.setEncoding('utf8');
    stream.on('data', (text: string) => tail.write(text));
    stream.on('end', () => tail.end());
    // The target's children inherit this pipe, and one that escaped every kill would hold it open:
    // reading it must never keep the harness alive.
    (stream as Socket).unref();
  }
  return tail.lines;
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

  const mark = newRunMark();
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
      [RUN_MARK]: mark,
    },
  });
  const target = new TargetProcess(child, options.clock, mark);
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
      const taken = portInUse(exception);
      const failure: TargetFailure = taken
        ? { kind: 'port-in-use', port: taken.port, keepPorts: options.keepPorts ?? false }
        : exception !== null || (code !== null && code !== 0)
          ? { kind: 'crashed', code, signal, exception }
          : { kind: 'exited-before-listening', code, signal };
      // The target is gone, but what it started may not be; and its last words may still be in the pipe.
      await target.dispose();
      await target.outputRead();
      throw new TargetError(failure, options.entry, target.stderrTail);
    }
    await target.dispose();
    await target.outputRead();
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
    const cancel = startupTimer(timeoutMs, () => finish({ kind: 'timeout' }));
    function finish(outcome: StartOutcome): void {
      if (settled) return;
      settled = outcome;
      cancel();
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
