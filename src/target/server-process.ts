/**
 * Which process of a command target serves, and what became of it when the harness ended the run.
 *
 * An orchestrator signals only the process the container's command started (PID 1), not its process
 * group. Measured on Node 20.20, npm 11.19, dash 0.5.12 (Debian 12) and tini 0.19, sending SIGTERM to the top
 * process only, with a server (`node server.js`) whose SIGTERM handler closes it and exits:
 *
 * | command                                    | gets SIGTERM | passes it on           | app's handler runs |
 * |--------------------------------------------|--------------|------------------------|--------------------|
 * | `npm start` (`"start": "node server.js"`)  | npm          | to its `sh -c`: it dies | no                |
 * | `npm start` (`"start": "exec node server.js"`) | npm      | to node                | yes                |
 * | `npx <local bin>`                          | npm exec     | to its `sh -c`: it dies | no                |
 * | `sh -c "node server.js"` (dash)            | sh           | no: it dies            | no                 |
 * | `sh -c "node server.js; echo done"`        | sh           | no: it dies            | no                 |
 * | `bash -c "node server.js"`                 | node (bash execs a lone command) | -  | yes                |
 * | `bash -c "node server.js; echo done"`      | bash         | no: it dies            | no                 |
 * | bash script, last line `node server.js`    | bash         | no: it dies            | no                 |
 * | bash script, last line `exec node server.js` | node       | -                      | yes                |
 * | `node server.js`                           | node         | -                      | yes                |
 *
 * | `tini -- npm start` (`docker run --init`) | tini        | to npm: as above       | no                 |
 * | `tini -g -- npm start`                     | tini         | to npm's whole group   | yes                |
 * | `tini -- sh -c "node server.js"`           | tini         | to sh: it dies         | no                 |
 * | `tini -g -- sh -c "node server.js"`        | tini         | to sh's whole group    | yes                |
 *
 * In every "no" row the server is left running, orphaned, until something SIGKILLs it.
 * npm's run-script does forward SIGTERM (@npmcli/run-script's signal-manager), but to the `sh -c` it
 * runs the script with, and dash forks the script's command instead of exec'ing it: the shell dies of
 * the signal and the server, orphaned, never hears of it. (A shell that is a container's PID 1 does not
 * even die: the kernel drops a signal PID 1 has no handler for, and the app is SIGKILLed at the grace
 * end.) So the harness finds the server — the process of the command's group that owns the socket
 * listening on the target's port (its inode in /proc/net/tcp{,6} among the /proc/<pid>/fd links) — once
 * the command is ready, and looks at it again at the moment it SIGKILLs what is left of the group.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import type { ServerAtEnd } from '../history/server-at-end.js';
import { commandLine, listeningInodes, sigtermDisposition, socketInode, statFacts } from './proc-facts.js';

export type { ServerAtEnd } from '../history/server-at-end.js';

/** The process that owns the listening socket, as found once the command is ready. */
export type ServerIdentity =
  | { kind: 'found'; pid: number; startTime: string; command: string }
  | { kind: 'unknown'; reason: string };

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function portInodes(port: number): Set<string> {
  return new Set([...listeningInodes(read('/proc/net/tcp') ?? '', port), ...listeningInodes(read('/proc/net/tcp6') ?? '', port)]);
}

function ownsOneOf(pid: number, inodes: ReadonlySet<string>): boolean {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return false;
  }
  for (const fd of fds) {
    try {
      const inode = socketInode(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (inode !== null && inodes.has(inode)) return true;
    } catch {
      // closed meanwhile
    }
  }
  return false;
}

/** The command line of a live process, or null. */
export function commandOf(pid: number): string | null {
  const cmdline = read(`/proc/${pid}/cmdline`);
  return cmdline === null ? null : commandLine(cmdline);
}

/** Finds the process of process group `group` that listens on `port`. */
export function findServer(group: number, port: number): ServerIdentity {
  if (process.platform !== 'linux') return { kind: 'unknown', reason: `there is no /proc on ${process.platform} to say which process listens` };
  const inodes = portInodes(port);
  if (inodes.size === 0) return { kind: 'unknown', reason: `/proc/net/tcp shows no socket listening on port ${port}` };
  let pids: number[];
  try {
    // The group's leader first: where it shares the socket with its children (a cluster primary and
    // its workers), the process signalled is the one that serves.
    pids = [group, ...readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number).filter((pid) => pid !== group)];
  } catch {
    return { kind: 'unknown', reason: '/proc could not be read' };
  }
  for (const pid of pids) {
    const stat = statFacts(read(`/proc/${pid}/stat`) ?? '');
    if (stat === null || stat.pgrp !== group || !ownsOneOf(pid, inodes)) continue;
    return { kind: 'found', pid, startTime: stat.startTime, command: commandOf(pid) ?? '?' };
  }
  return {
    kind: 'unknown',
    reason: `no process of the command's process group owns the socket listening on port ${port} (it left the group, or /proc hides it)`,
  };
}

/** Where `server` stands now, `recipient` being the process the harness signalled. */
export function serverAtEnd(server: ServerIdentity, recipient: { pid: number; command: string }, port: number): ServerAtEnd {
  if (server.kind === 'unknown') return server;
  if (server.pid === recipient.pid) return { kind: 'recipient', command: recipient.command };
  const stat = statFacts(read(`/proc/${server.pid}/stat`) ?? '');
  const alive = stat !== null && stat.startTime === server.startTime && stat.state !== 'Z' && stat.state !== 'X';
  const base = { kind: 'other', recipient: recipient.command, server: server.command } as const;
  if (!alive) return { ...base, state: 'gone', sigterm: 'unknown' };
  const disposition = sigtermDisposition(read(`/proc/${server.pid}/status`) ?? '') ?? 'unknown';
  // Node catches SIGTERM in every process, listener or not (node.cc registers SignalExit for it, which
  // restores the terminal and re-raises the signal): measured on Node 20, a server with no
  // `process.on('SIGTERM')` shows it in SigCgt too, so for Node the mask cannot say whether the app
  // handles it.
  const sigterm = disposition === 'handled' && isNode(server.pid) ? 'unknown' : disposition;
  return { ...base, state: ownsOneOf(server.pid, portInodes(port)) ? 'listening' : 'not-listening', sigterm };
}

/** Whether the process runs a Node binary (`node`, or `nodejs` as some distributions name it). */
function isNode(pid: number): boolean {
  try {
    return /^node(js)?$/.test(path.basename(readlinkSync(`/proc/${pid}/exe`)));
  } catch {
    return false;
  }
}
