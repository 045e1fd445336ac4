/**
 * A run's watchdog: a small `/bin/sh` that outlives the harness only to clean up after it. The harness
 * catches SIGINT, SIGTERM and SIGHUP and cleans up itself (process-group.ts); SIGKILL, or a crash of
 * the runtime, cannot be caught. The watchdog's stdin is a pipe whose only writer is the harness (Node
 * opens every descriptor close-on-exec, so no other child inherits it), and the kernel closes that
 * end when the harness dies, however it dies: `read` then returns at end of file, and the watchdog
 * SIGKILLs the run's process group and every process that carries the run's mark (run-mark.mjs).
 *
 * It serves both launchers, and it is needed for Node targets too although their agent cleans up
 * when its IPC channel disconnects: a target that has exited on its own has no agent left, while the
 * helpers it started live on until the run is disposed of.
 *
 * A shell rather than a second Node process: it costs one fork and exec per run, and about a
 * megabyte while it waits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { RUN_MARK } from './run-mark.mjs';

/**
 * $1 the environment entry that marks the run. The watchdog starts before the target, so the target's
 * process group comes later, as the first line on stdin; then the watchdog waits for the end of file.
 * The marked processes are found as run-mark.mjs finds them — /proc/<pid>/environ holds the entry as
 * one NUL-terminated string (grep -z reads NUL-terminated lines, -x -F matches one whole, literally) —
 * and the scan is repeated a few times, since one may have forked between a scan and its kill. A
 * zombie's environ reads empty, so the dead are not found. The watchdog's own environment holds no
 * mark, so it never finds itself.
 *
 * When no group came, the harness died while it was spawning the target: the child, forked from the
 * harness, carries the mark only once it has exec'd, so the scan goes on for a second, 0.2 s apart,
 * whatever it finds.
 */
const SCRIPT = `read group
read _ignored
[ -z "$group" ] || kill -9 -"$group" 2>/dev/null
round=0
while [ "$round" -lt 5 ]; do
  found=$(grep -lsxzF -- "$1" /proc/[0-9]*/environ)
  [ -n "$found" ] || [ -z "$group" ] || exit 0
  for file in $found; do
    pid=\${file#/proc/}
    kill -9 "\${pid%/environ}" 2>/dev/null
  done
  [ -n "$group" ] || sleep 0.2
  round=$((round + 1))
done`;

/** The name the watchdog shows in a process listing (its $0). */
export const WATCHDOG_NAME = 'shutdown-check-watchdog';

export class Watchdog {
  private readonly child: ChildProcess;
  private stopped = false;

  constructor(mark: string) {
    this.child = spawn('/bin/sh', ['-c', SCRIPT, WATCHDOG_NAME, `${RUN_MARK}=${mark}`], {
      // A session of its own: a terminal's ^C (sent to the foreground group) and a kill of the harness's
      // group leave it waiting, as they must, until the harness is really gone.
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
      // Only what the shell needs to find grep: no mark, nothing of the harness's environment.
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    });
    // Neither the process nor its pipe may keep the harness alive: they only have to exist as long as
    // the harness does.
    this.child.unref();
    const pipe = this.child.stdin as (NodeJS.WritableStream & { unref?: () => void }) | null;
    pipe?.unref?.();
    pipe?.on('error', () => undefined);
    // Without /bin/sh the run is still cleaned up on every way the harness ends but SIGKILL (and a Node
    // target's agent covers that one while the target lives); the spawn error must not crash the harness.
    this.child.on('error', () => undefined);
  }

  /** The target is spawned: its process group, for the watchdog to kill first. */
  attach(group: number): void {
    this.child.stdin?.write(`${group}\n`);
  }

  /**
   * The run is over: the watchdog is killed before its pipe is closed. A SIGKILL already sent is
   * delivered before the shell runs another instruction, so the end of file it then reads starts no
   * kill (which, once the run's group is gone, could reach a group that reused its id).
   */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.child.kill('SIGKILL');
    this.child.stdin?.destroy();
  }
}
