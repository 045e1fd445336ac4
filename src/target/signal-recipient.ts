import { readFileSync, readlinkSync, realpathSync } from 'node:fs';

let shellPath: string | null | undefined;

function shell(): string | null {
  if (shellPath === undefined) {
    try {
      shellPath = realpathSync('/bin/sh');
    } catch {
      shellPath = null;
    }
  }
  return shellPath;
}

/**
 * The process a signal for a command target goes to. bash replaces itself with the last command of
 * `-c` (so the process the harness started is the server), but dash, Debian's /bin/sh, forks it and
 * waits: a signal to the shell would kill the shell and leave the server running, as with a shell-form
 * command in a container. So when the process is still the shell and has exactly one child, that
 * child is the server and gets the signal, as if the shell had exec'd it. Where /proc does not say
 * (another system, a process already gone), the process itself.
 */
export function signalRecipient(pid: number): number {
  try {
    const sh = shell();
    if (sh === null || readlinkSync(`/proc/${pid}/exe`) !== sh) return pid;
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    return children.length === 1 ? Number(children[0]) : pid;
  } catch {
    return pid;
  }
}
