/**
 * Every target runs in its own process group (spawned detached), and every process of its run carries
 * the run's mark (see run-mark.mjs). Both launchers spawn through spawnGuarded, which hands the run to
 * a RunGuard that makes sure all of it dies — the group, and the marked processes that left it —
 * however the run or the harness ends:
 * - when the run is disposed of (the launchers' dispose);
 * - when the harness exits, or gets SIGINT, SIGTERM or SIGHUP (caught here);
 * - when the harness dies in a way it cannot catch (SIGKILL, a crash of the runtime): the run's
 *   watchdog (watchdog.ts) does it. A Node target's agent also does it when its IPC channel
 *   disconnects, should the watchdog be missing (no /bin/sh).
 *
 * A run is guarded from before its spawn until it is disposed of. Before: the signal handlers and the
 * watchdog must be in place while the spawn itself runs (the child exists, in /proc and on its way
 * to exec, before spawn() returns); a harness ended in that instant, with neither yet installed,
 * left the whole run behind. Until disposed of, not only while the target lives: a target that exits
 * on its own may leave helpers running in its group. Its group id cannot be reused while any of them
 * is left — Linux frees a pid only when no process uses it as a pid, a process group or a session id
 * — and when none is, signalling the group finds nothing (or, if the kernel wrapped around its pids
 * within the moment between the exit and the disposal, a group that took the id).
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { killMarked, RUN_MARK } from './run-mark.mjs';
import { Watchdog } from './watchdog.js';

/** runs not yet disposed of */
const guarded = new Set<RunGuard>();
let installed = false;

const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Sends a signal to a whole process group; a group that is already gone is not an error. */
export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: nothing left in the group.
  }
}

function killAll(): void {
  for (const run of guarded) run.kill();
}

function onSignal(signal: NodeJS.Signals): void {
  killAll();
  // If nothing else in this process handles the signal, restore the default action and raise it
  // again, so that the harness ends as the user asked (exit status 128 + n).
  if (process.listenerCount(signal) === 1) {
    process.removeListener(signal, onSignal);
    process.kill(process.pid, signal);
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', killAll);
  for (const signal of FORWARDED) process.on(signal, onSignal);
}

/** One target's run, from before its spawn until it is disposed of: its mark, then its process group. */
export class RunGuard {
  private readonly watchdog: Watchdog;
  private group: number | null = null;
  private released = false;
  private gone = false;

  /**
   * `mark`: the value of RUN_MARK in the environment of the target-to-be; `files`: a directory the run
   * created for itself, which the watchdog removes should the harness die before release()
   */
  constructor(readonly mark: string, files: string | null = null) {
    install();
    guarded.add(this);
    this.watchdog = new Watchdog(mark, files);
  }

  /** The target is spawned: `group` is its pid, the leader of its group. */
  attach(group: number): void {
    this.group = group;
    this.watchdog.attach(group);
  }

  /** SIGKILLs the run's process group and every process that carries its mark. */
  kill(): void {
    if (this.released || this.gone) return;
    if (this.group !== null) signalGroup(this.group, 'SIGKILL');
    killMarked(this.mark);
  }

  /**
   * The run is over: called after kill(), once the target's exit has been seen. Nothing is killed
   * again: a SIGKILL to a process group reaches every member, and a fork it interrupts is undone (the
   * kernel checks for pending signals before it adds the child to the group); kill() scanned for
   * marked processes until it found none; and a new process can only come from a live one.
   */
  /**
   * Like release() for the run's processes, when its files outlive them (nginx's logs are read after
   * it stops): nothing is killed again, and the watchdog stays only to remove the files, until
   * release().
   */
  processesGone(): void {
    this.gone = true;
    this.watchdog.processesGone();
  }

  release(): void {
    this.released = true;
    guarded.delete(this);
    this.watchdog.stop();
  }
}

/**
 * Spawns a target in a process group of its own (detached), its environment carrying `mark`, guarded
 * from before the spawn, with `files`, the directory of its own that the watchdog removes (see RunGuard). A spawn that gives no process (its 'error' event follows) releases the guard.
 */
export function spawnGuarded(command: string, args: readonly string[], options: SpawnOptions, mark: string, files: string | null = null): { child: ChildProcess; guard: RunGuard } {
  const guard = new RunGuard(mark, files);
  let child: ChildProcess;
  try {
    child = spawn(command, args, { ...options, detached: true, env: { ...(options.env ?? process.env), [RUN_MARK]: mark } });
  } catch (error) {
    guard.release();
    throw error;
  }
  if (child.pid === undefined) guard.release();
  else guard.attach(child.pid);
  return { child, guard };
}
