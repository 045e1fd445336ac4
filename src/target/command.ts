import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import type { AgentControl, AgentEvent } from './agent-protocol.js';
import { TargetError } from './errors.js';
import { DEFAULT_STARTUP_TIMEOUT_MS } from './launch.js';
import { keepTail, outputRead } from './target-output.js';
import { signalGroup, spawnGuarded, type RunGuard } from './process-group.js';
import { accepts, freePort } from './ports.js';
import { waitUntilReady, type Readiness } from './readiness.js';
import { newRunMark } from './run-mark.mjs';
import { execForm } from './exec-form.js';
import { commandOf, findServer, serverAtEnd, type ServerAtEnd, type ServerIdentity } from './server-process.js';
import type { Exit, Target } from './target.js';

/**
 * Any server process, started as `/bin/sh -c <cmd>` (with `exec` before a simple command: see
 * exec-form.ts): no agent inside, so always under the real clock.
 */
export interface CommandOptions {
  cmd: string;
  /** the port the command listens on; without it the harness picks a free one and passes it in `portEnv` */
  port?: number;
  /** the environment variable that tells the command its port */
  portEnv?: string;
  /** ready when a stdout line matches this regular expression (default: when the port accepts a connection) */
  readyPattern?: string;
  /** real ms to wait until it is ready (default 10 s) */
  startupTimeoutMs?: number;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** the grace period in real ms, passed to the command in SHUTDOWN_CHECK_GRACE_MS to size its drain deadline */
  graceMs?: number;
}

/** The environment variable that gives a command target the grace period, in real ms. */
export const GRACE_ENV = 'SHUTDOWN_CHECK_GRACE_MS';

export class CommandTarget extends EventEmitter<{ event: [AgentEvent]; exit: [Exit] }> implements Target {
  readonly pid: number;
  readonly clock = 'real' as const;
  readonly hasAgent = false;
  readonly events: readonly AgentEvent[] = [];
  readonly stdoutTail: string[];
  readonly stderrTail: string[];
  exitStatus: Exit | null = null;
  readonly exited: Promise<Exit>;
  private readonly lineListeners = new Set<(line: string) => void>();
  /** the command's process group and the processes that carry its mark, until the run is disposed of */
  private readonly guard: RunGuard;
  /** the process that listens, found once the command is ready */
  private server: ServerIdentity = { kind: 'unknown', reason: 'the command was not ready yet' };
  private recipientCommand = '?';
  private atEnd: ServerAtEnd | null = null;

  constructor(
    child: ChildProcess,
    readonly port: number,
    /** the command's process group and the mark in the environment of every process it starts */
    guard: RunGuard,
  ) {
    super();
    if (child.pid === undefined) throw new Error('spawn gave no pid');
    this.pid = child.pid;
    this.guard = guard;
    this.stdoutTail = keepTail(child.stdout, (line) => {
      for (const listener of this.lineListeners) listener(line);
    });
    this.stderrTail = keepTail(child.stderr);
    this.exited = new Promise<Exit>((resolve) => {
      child.on('exit', (code, signal) => {
        // A container ends with its PID 1: the kernel SIGKILLs every other process in it. So do the
        // same with what the command started, once it is seen where it stood.
        this.serverAtEnd();
        signalGroup(this.pid, 'SIGKILL');
        const exit = { code, signal };
        this.exitStatus = exit;
        // At once, so that the history times the exit when it happened.
        this.emit('exit', exit);
        resolve(exit);
      });
    }).then(async (exit) => {
      // Its last lines of output may still be in the pipes.
      await outputRead(child);
      return exit;
    });
  }

  get alive(): boolean {
    return this.exitStatus === null;
  }

  /** Calls `onLine` for each stdout line from now on; returns the function that stops it. */
  onStdoutLine(onLine: (line: string) => void): () => void {
    this.lineListeners.add(onLine);
    return () => this.lineListeners.delete(onLine);
  }

  /** There is no agent to ask. */
  command(): Promise<AgentControl | null> {
    return Promise.resolve(null);
  }

  /** To the process the command started, not its group: an orchestrator signals only a container's PID 1. */
  signal(signal: NodeJS.Signals): void {
    if (!this.alive) return;
    // Ready by a stdout line, the command may not have been listening yet when it was first looked for.
    if (this.server.kind === 'unknown') this.findServer();
    try {
      process.kill(this.pid, signal);
    } catch {
      // already gone
    }
  }

  /** Finds the process that listens on the port (see server-process.ts); called once the command is ready. */
  findServer(): void {
    this.server = findServer(this.pid, this.port);
    this.recipientCommand = commandOf(this.pid) ?? '?';
  }

  /**
   * Where the server stood when the harness ended the run: taken at the first call, which comes just
   * before the SIGKILL at the grace end or at the exit of the process the command started.
   */
  serverAtEnd(): ServerAtEnd {
    this.atEnd ??= serverAtEnd(this.server, { pid: this.pid, command: this.recipientCommand }, this.port);
    return this.atEnd;
  }

  async dispose(): Promise<Exit> {
    this.guard.kill();
    const exit = await this.exited;
    this.guard.release();
    return exit;
  }
}

/**
 * Starts `/bin/sh -c <cmd>` in its own process group and resolves once it is ready. A simple command
 * is exec'd by that shell, so the signal goes to the process the user's command names, as to a
 * container's PID 1: if that is `npm start` or a shell that does not pass it on, the server never
 * gets it, and the run says so (signal-reaches-server). Rejects with a TargetError, leaving no
 * process behind, when the port is taken, the command ends before it is ready, or it is not ready in
 * time.
 */
export async function launchCommand(options: CommandOptions): Promise<CommandTarget> {
  if (options.port === undefined && options.portEnv === undefined) {
    throw new Error('launchCommand needs a port or the name of the environment variable to pass one in');
  }
  let port: number;
  if (options.port !== undefined) {
    port = options.port;
    if (await accepts(port)) throw new TargetError({ kind: 'command-port-in-use', port }, options.cmd, []);
  } else {
    port = await freePort();
  }
  const env: NodeJS.ProcessEnv = { ...(options.env ?? process.env) };
  if (options.portEnv !== undefined) env[options.portEnv] = String(port);
  if (options.graceMs !== undefined) env[GRACE_ENV] = String(Math.round(options.graceMs));
  const { child, guard } = spawnGuarded('/bin/sh', ['-c', execForm(options.cmd)], { cwd: options.cwd ?? process.cwd(), stdio: ['ignore', 'pipe', 'pipe'], env }, newRunMark());
  const target = new CommandTarget(child, port, guard);
  const readiness: Readiness =
    options.readyPattern !== undefined ? { kind: 'stdout', pattern: new RegExp(options.readyPattern) } : { kind: 'accepts', port };
  const timeoutMs = options.startupTimeoutMs ?? DEFAULT_STARTUP_TIMEOUT_MS;
  const outcome = await waitUntilReady(readiness, { lines: (f) => target.onStdoutLine(f), exited: target.exited }, timeoutMs);
  if (outcome.kind === 'ready' && target.alive) {
    target.findServer();
    return target;
  }
  const exit = await (outcome.kind === 'timeout' ? target.dispose() : target.exited.then(() => target.dispose()));
  if (outcome.kind === 'timeout') {
    const failure = {
      kind: 'command-never-ready',
      timeoutMs,
      port,
      portEnv: options.portEnv ?? null,
      readyPattern: options.readyPattern ?? null,
    } as const;
    throw new TargetError(failure, options.cmd, target.stderrTail);
  }
  throw new TargetError({ kind: 'command-exited', code: exit.code, signal: exit.signal }, options.cmd, target.stderrTail);
}
