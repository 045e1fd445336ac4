// @ts-check
/**
 * Every process of one target's run carries a mark in its environment: the target, its children and
 * theirs, whatever process group or session they move to (`setsid`, `detached: true`, a daemon's
 * double fork). Killing the target's process group ends the processes that stayed in it; the mark
 * finds, in /proc, those that left it. The harness (when a run ends, or the harness does) and the
 * agent (when the harness is gone) use this file; the run's watchdog (watchdog.ts), a shell, does the
 * same scan with grep when the harness is gone.
 *
 * Plain JavaScript because the agent, loaded into the target with no build step, imports it too.
 *
 * Limits: a descendant started with an environment of its own (`env: {}`) does not carry the mark;
 * without /proc (outside Linux) nothing is found, and the process group is all that is killed.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';

/** The environment variable that carries the mark. */
export const RUN_MARK = 'SHUTDOWN_CHECK_RUN';

/** A mark no other run shares. */
export function newRunMark() {
  return randomUUID();
}

/**
 * Pids of the live processes whose initial environment (/proc/<pid>/environ, NUL-separated) holds
 * `RUN_MARK=mark`, other than `except`. A zombie's environ reads empty, so the dead are not found.
 * @param {string} mark
 * @param {number} [except]
 * @returns {number[]}
 */
export function markedProcesses(mark, except) {
  /** @type {string[]} */
  let entries;
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return [];
  }
  const entry = Buffer.from(`${RUN_MARK}=${mark}\0`);
  const inside = Buffer.concat([Buffer.from('\0'), entry]);
  /** @type {number[]} */
  const found = [];
  for (const name of entries) {
    if (!/^\d+$/.test(name) || Number(name) === except) continue;
    /** @type {Buffer} */
    let environ;
    try {
      environ = fs.readFileSync(`/proc/${name}/environ`);
    } catch {
      continue; // gone since the listing, or another user's
    }
    if (environ.subarray(0, entry.length).equals(entry) || environ.includes(inside)) found.push(Number(name));
  }
  return found;
}

/**
 * SIGKILLs every process that carries the mark (but `except`). It scans again after each round, since
 * a process may have forked between the scan and the kill; a few rounds bound it.
 * @param {string} mark
 * @param {number} [except]
 */
export function killMarked(mark, except) {
  for (let round = 0; round < 5; round++) {
    const pids = markedProcesses(mark, except);
    if (pids.length === 0) return;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}
