/**
 * A run's watchdog: a small `/bin/sh` that outlives the harness only to clean up after it. The harness
 * catches SIGINT, SIGTERM and SIGHUP and cleans up itself (process-group.ts); SIGKILL, or a crash of
 * the runtime, cannot be caught. The watchdog's stdin is a pipe whose only writer is the harness (Node
 * opens every descriptor close-on-exec, so no other child inherits it), and the kernel closes that
 * end when the harness dies, however it dies: `read` then returns at end of file, and the watchdog
 * SIGKILLs the run's process group and every process that carries the run's mark (run-mark.mjs),
 * and then removes the run's own directory, if it has one (nginx's configuration, pid file and logs):
 * nobody else is left to remove it.
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
 * $1 the environment entry that marks the run; $2 a directory of the run's files to remove after its
 * processes, or empty. The watchdog starts before the target, so the target's process group comes
 * later, as the first line on stdin; then the watchdog reads until the end of file. A line read
 * meanwhile says the run's processes are dead and reaped while its files remain (RunGuard.processesGone):
 * nothing is killed then — the group id may be reused by now — and only the directory is removed.
 * The marked processes are found as run-mark.mjs finds them — /proc/<pid>/environ holds the entry as
 * one NUL-terminated string (grep -z reads NUL-terminated lines, -x -F matches one whole, literally) —
 * and the scan is repeated a few times, since one may have forked between a scan and its kill. A
 * zombie's environ reads empty, so the dead are not found. The watchdog's own environment holds no
 * mark, so it never finds itself.
 *
 * When no group came, the harness died while it was spawning the target: the child, forked from the
 * harness, carries the mark only once it has exec'd, so the scan goes on for a second, 0.2 s apart,
 * whatever it finds.
 *
 * The directory goes once the group is gone (for at most 2 s): a process SIGKILLed in the middle of a
 * system call finishes that call first, and a file it creates after the removal would leave the
 * directory behind. A group whose leader is a zombie nobody reaps still answers kill -0: the bound.
 */
const SCRIPT = `read group
gone=
while read _said; do gone=1; done
if [ -z "$gone" ]; then
  [ -z "$group" ] || kill -9 -"$group" 2>/dev/null
  round=0
  while [ "$round" -lt 5 ]; do
    found=$(grep -lsxzF -- "$1" /proc/[0-9]*/environ)
    [ -n "$found" ] || [ -z "$group" ] || break
    for file in $found; do
      pid=\${file#/proc/}
      kill -9 "\${pid%/environ}" 2>/dev/null
    done
    [ -n "$group" ] || sleep 0.2
    round=$((round + 1))
  done
  waited=0
  while [ -n "$2" ] && [ -n "$group" ] && [ "$waited" -lt 40 ] && kill -0 -"$group" 2>/dev/null; do
    sleep 0.05
    waited=$((waited + 1))
  done
fi
[ -z "$2" ] || rm -rf -- "$2"`;

/** The name the watchdog shows in a process listing (its $0). */
export const WATCHDOG_NAME = 'shutdown-check-watchdog';

export class Watchdog {
  private readonly child: ChildProcess;
  private stopped = false;

  /** `files`: a directory of the run's own (an absolute path the run created) to remove should the harness die */
  constructor(mark: string, files: string | null = null) {
    this.child = spawn('/bin/sh', ['-c', SCRIPT, WATCHDOG_NAME, `${RUN_MARK}=${mark}`, files ?? ''], {
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

  /** The run's processes are dead and reaped; only its files are left for the watchdog, should the harness die. */
  processesGone(): void {
    if (!this.stopped) this.child.stdin?.write('gone\n');
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
