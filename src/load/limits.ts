/**
 * Open-file limits: every held connection is a file descriptor, in the harness and in the target.
 *
 * Node raises its own soft RLIMIT_NOFILE to the hard limit when it starts (src/node.cc, on POSIX), so
 * both the harness and a Node target already have all the descriptors they may have, and a child the
 * harness starts inherits that raised limit. What is left to do is to read the limits, before any
 * connection is opened, and say so plainly when they are too low: the hard limit can only be raised by
 * an administrator.
 */
import { readFileSync } from 'node:fs';

/** Descriptors a process needs besides its connections: stdio, pipes, the listener, the event loop. */
export const SPARE_FILES = 64;

export interface FileLimit {
  soft: number;
  hard: number;
}

/** Parses the "Max open files" line of /proc/<pid>/limits; null if absent. Pure. */
export function parseOpenFilesLimit(limits: string): FileLimit | null {
  const match = /^Max open files\s+(\d+|unlimited)\s+(\d+|unlimited)/m.exec(limits);
  if (!match) return null;
  const value = (text: string | undefined): number => (text === 'unlimited' || text === undefined ? Infinity : Number(text));
  return { soft: value(match[1]), hard: value(match[2]) };
}

/** A process's open-file limit, from /proc (Linux); null where /proc does not tell. */
export function readOpenFilesLimit(pid: number | 'self'): FileLimit | null {
  try {
    return parseOpenFilesLimit(readFileSync(`/proc/${pid}/limits`, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * One line saying what is wrong and what to do when `connections` need more descriptors than `limit`
 * allows `who`; null when they fit (or the limit is unknown). Pure.
 */
export function fileLimitProblem(who: 'the harness' | 'the target', connections: number, limit: FileLimit | null): string | null {
  if (!limit) return null;
  const needed = connections + SPARE_FILES;
  if (needed <= limit.soft) return null;
  const most = Math.max(0, limit.soft - SPARE_FILES);
  const fmt = (v: number): string => v.toLocaleString('en-US');
  return (
    `--connections ${connections} needs about ${fmt(needed)} open files in ${who}, which may open ${fmt(limit.soft)} ` +
    `(ulimit -n; hard limit ${fmt(limit.hard)}): use at most ${fmt(most)} connections, or raise the hard limit ` +
    `(ulimit -Hn as root, LimitNOFILE= in a systemd unit, nofile in /etc/security/limits.conf)`
  );
}
