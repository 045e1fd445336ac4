import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
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

/** Pids of live processes whose command line mentions `needle` (zombies excluded). */
export function processesMentioning(needle: string): number[] {
  const out = execFileSync('ps', ['-eo', 'pid=,stat=,args='], { encoding: 'utf8' });
  const pids: number[] = [];
  for (const line of out.split('\n')) {
    const match = /^\s*(\d+)\s+(\S+)\s+(.*)$/.exec(line);
    if (!match || match[2]?.startsWith('Z')) continue;
    if (match[3]?.includes(needle) && !match[3].startsWith('ps ')) pids.push(Number(match[1]));
  }
  return pids;
}

/** Waits (bounded) until no process mentions `needle`; returns those still alive at the end. */
export async function survivors(needle: string, withinMs = 5000): Promise<number[]> {
  const end = Date.now() + withinMs;
  for (;;) {
    const left = processesMentioning(needle);
    if (left.length === 0 || Date.now() > end) return left;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const CLI = path.join(ROOT, 'bin/shutdown-check.js');
export const scenarioPath = (name: string): string => path.join(ROOT, 'scenarios', name);
export const fixturePath = (name: string): string => path.join(ROOT, 'test/fixtures', name);
