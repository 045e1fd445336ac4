/**
 * Pure readers of the Linux /proc texts that say which process owns a listening socket and what it
 * does with SIGTERM (proc(5)): /proc/net/tcp{,6}, /proc/<pid>/stat and /proc/<pid>/status.
 */
import type { Disposition } from '../history/server-at-end.js';

/** TCP_LISTEN in the `st` column of /proc/net/tcp (include/net/tcp_states.h). */
const TCP_LISTEN = '0A';

/** The inodes of the sockets listening on `port` in the text of /proc/net/tcp or /proc/net/tcp6. */
export function listeningInodes(table: string, port: number): string[] {
  const inodes: string[] = [];
  for (const line of table.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
    const local = fields[1];
    if (local === undefined || fields[3] !== TCP_LISTEN) continue;
    const hexPort = local.slice(local.lastIndexOf(':') + 1);
    if (Number.parseInt(hexPort, 16) === port && fields[9] !== undefined) inodes.push(fields[9]);
  }
  return inodes;
}

/** The inode a /proc/<pid>/fd link names when it is a socket (`socket:[1234]`), or null. */
export function socketInode(link: string): string | null {
  const match = /^socket:\[(\d+)\]$/.exec(link);
  return match?.[1] ?? null;
}

export interface StatFacts {
  /** R, S, D, Z (zombie: exited, not yet reaped), T, … */
  state: string;
  pgrp: number;
  /** clock ticks after boot: with the pid, names one process even if the pid is reused */
  startTime: string;
}

/** Fields of /proc/<pid>/stat; the command name in parentheses may itself hold spaces and parentheses. */
export function statFacts(stat: string): StatFacts | null {
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // after "pid (comm) ": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
  // cutime cstime priority nice num_threads itrealvalue starttime
  const [state, , pgrp] = rest;
  const startTime = rest[19];
  if (state === undefined || pgrp === undefined || startTime === undefined) return null;
  return { state, pgrp: Number(pgrp), startTime };
}

/** Bit n-1 of the masks is signal n (SIGTERM is 15). */
const SIGTERM_BIT = 1n << 14n;

/** What a process does on SIGTERM (see Disposition), from /proc/<pid>/status; null if it lacks the masks. */
export function sigtermDisposition(status: string): Disposition | null {
  const mask = (name: string): bigint | null => {
    const match = new RegExp(`^${name}:\\s*([0-9a-f]+)$`, 'm').exec(status);
    return match?.[1] !== undefined ? BigInt(`0x${match[1]}`) : null;
  };
  const caught = mask('SigCgt');
  const ignored = mask('SigIgn');
  if (caught === null || ignored === null) return null;
  if ((caught & SIGTERM_BIT) !== 0n) return 'handled';
  if ((ignored & SIGTERM_BIT) !== 0n) return 'ignored';
  return 'default';
}

/** A command line from /proc/<pid>/cmdline (NUL-separated), as one line. */
export function commandLine(cmdline: string): string {
  return cmdline.split('\0').filter(Boolean).join(' ');
}
