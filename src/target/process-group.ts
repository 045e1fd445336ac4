/**
 * Every target runs in its own process group (spawned detached), and every group the harness started
 * dies with the harness: on exit, and on SIGINT, SIGTERM and SIGHUP. So do the processes that left the
 * group but carry the run's mark (see run-mark.mjs). SIGKILL of the harness cannot be caught; for that
 * the agent kills its own group and its run's marked processes when its IPC channel to the harness
 * disconnects, and a command target's watchdog (command.ts) kills the command's group when its pipe
 * from the harness closes.
 */
import { killMarked } from './run-mark.mjs';

/** groups whose leader (the target) has not been seen to exit */
const live = new Set<number>();
/** marks of runs not yet disposed of: their processes may outlive the target */
const marks = new Set<string>();
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
  for (const pid of live) signalGroup(pid, 'SIGKILL');
  live.clear();
  for (const mark of marks) killMarked(mark);
  marks.clear();
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

export function registerGroup(pid: number, mark: string): void {
  install();
  live.add(pid);
  marks.add(mark);
}

/** The target has exited: its group id may be reused, so it is no longer signalled. */
export function releaseGroup(pid: number): void {
  live.delete(pid);
}

/** The run is over and every process that carried its mark has been killed. */
export function releaseMark(mark: string): void {
  marks.delete(mark);
}
