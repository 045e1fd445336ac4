import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Copies a target into a fresh temporary folder, so that its absolute path is unique to this test and
 * a process scan finds only the processes this test started.
 */
export function uniqueCopy(source: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'shutdown-check-test-'));
  const target = path.join(dir, path.basename(source));
  copyFileSync(source, target);
  return target;
}

/** One process as /proc shows it. */
export interface ProcessEntry {
  pid: number;
  ppid: number;
  /** its process group */
  pgid: number;
  /** one letter: R, S, D, T, Z (zombie: dead, not yet reaped), ... */
  state: string;
  /** the command line, its arguments joined by spaces */
  args: string;
}

/** Every process in /proc now, zombies included. */
export function processTable(): ProcessEntry[] {
  const table: ProcessEntry[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    let cmdline: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8');
    } catch {
      continue; // gone since the listing
    }
    // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so read after the last ')'.
    const [state, ppid, pgid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    table.push({
      pid: Number(name),
      ppid: Number(ppid),
      pgid: Number(pgid),
      state: state ?? '?',
      args: cmdline.split('\0').filter(Boolean).join(' '),
    });
  }
  return table;
}

const live = (p: ProcessEntry): boolean => p.state !== 'Z';

/** Pids of live processes whose command line mentions `needle` (zombies excluded). */
export function processesMentioning(needle: string): number[] {
  return processTable()
    .filter((p) => live(p) && p.args.includes(needle))
    .map((p) => p.pid);
}

/**
 * Live processes that are one of `leaders` or belong to the process group one of them leads: a target
 * runs as the leader of a group of its own, and its children stay in that group unless they leave it.
 */
export function processesOfGroups(leaders: readonly number[]): ProcessEntry[] {
  return processTable().filter((p) => live(p) && (leaders.includes(p.pid) || leaders.includes(p.pgid)));
}

/**
 * The targets a harness has started: its children that run the agent, which a harness built into dist/
 * preloads as one file (agent/bundle.mjs) and one run from src/ as its modules (agent/preload.mjs).
 */
export function targetsOf(harness: number): number[] {
  return processTable()
    .filter((p) => live(p) && p.ppid === harness && /\/target\/agent\/(bundle|preload)\.mjs /.test(p.args))
    .map((p) => p.pid);
}

/** Waits (bounded) until no process mentions `needle`; returns those still alive at the end. */
export async function survivors(needle: string, withinMs = 30_000): Promise<number[]> {
  return waitForNone(() => processesMentioning(needle), withinMs);
}

/** Waits (bounded) until none of `leaders` nor any member of their groups is alive; returns the rest. */
export async function groupSurvivors(leaders: readonly number[], withinMs = 30_000): Promise<ProcessEntry[]> {
  return waitForNone(() => processesOfGroups(leaders), withinMs);
}

/**
 * Waits (bounded) until `find` finds none: a process the harness SIGKILLed is gone only once the kernel
 * has torn it down, a moment after the signal; one still there at the bound was never killed.
 */
export async function waitForNone<T>(find: () => T[], withinMs: number): Promise<T[]> {
  const end = Date.now() + withinMs;
  for (;;) {
    const left = find();
    if (left.length === 0 || Date.now() > end) return left;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const CLI = path.join(ROOT, 'bin/shutdown-check.js');
export const scenarioPath = (name: string): string => path.join(ROOT, 'scenarios', name);
export const fixturePath = (name: string): string => path.join(ROOT, 'test/fixtures', name);

/**
 * The start-up limit of tests about verdicts, not start-up time: on a loaded 2-core machine a target
 * has taken over 10 s (the default) to listen.
 */
export const STARTUP_TIMEOUT_MS = 60_000;
