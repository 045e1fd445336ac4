import { cpSync, mkdtempSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Report } from '../../src/report/report.js';
import { fixturePath, waitForNone } from './processes.js';

/**
 * A fresh copy of test/fixtures/start-command (a server that drains on SIGTERM, its package.json and
 * its shell scripts): the processes a run starts there are told apart by their working directory.
 */
export function startCommandApp(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'shutdown-check-start-'));
  cpSync(fixturePath('start-command'), dir, { recursive: true });
  return dir;
}

/** Live processes whose working directory is `dir`. */
/** Waits (bounded) until no process runs in `dir`; returns those still alive at the end. */
export async function survivorsIn(dir: string, withinMs = 30_000): Promise<number[]> {
  return waitForNone(() => processesIn(dir), withinMs);
}

function processesIn(dir: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readlinkSync(`/proc/${name}/cwd`) !== dir) continue;
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z') pids.push(Number(name));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}

/** The arguments of a small run against a command in the app: the real clock, a 2 s grace, one run, a pinned seed. */
export function smallRun(cmd: string, out: string, seed = 1): string[] {
  return ['--cmd', cmd, '--grace', '2s', '--runs', '1', '--shrink-runs', '0', '--seed', String(seed), '--clients', 'slow', '--startup-timeout', '60s', '--out', out];
}

export function readReport(out: string): Report {
  return JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as Report;
}

export function resultOf(report: Report, id: string): Report['invariants'][number] {
  const found = report.invariants.find((i) => i.id === id);
  if (!found) throw new Error(`report.json has no ${id}`);
  return found;
}
