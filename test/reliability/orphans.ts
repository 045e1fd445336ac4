/**
 * What the orphan tests share: a harness started on a fresh copy of exits-leaving-helpers.js, watched
 * from outside through /proc, and the count of every process of its runs left once it is gone.
 *
 * A process of the harness's runs is found three ways, each on its own:
 * - by environment: it carries the run's mark (SHUTDOWN_CHECK_RUN, one of those read from the
 *   targets while the harness ran) or this test's own tag, which the harness passes to each target
 *   and the target to each helper (so that a target too short-lived to be seen is counted too);
 * - by process group: it is in the group of a target the harness started;
 * - by command line: it names the fixture's unique folder (every helper does, the sleep through its
 *   argv[0]).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PATIENT_STARTUP_MS, tempDir } from '../support/cli.js';
import { CLI, fixturePath, processTable, uniqueCopy, type ProcessEntry } from '../support/processes.js';

const MARK = 'SHUTDOWN_CHECK_RUN';
const TAG = 'ORPHAN_TEST_TAG';

export type TargetKind = 'node' | 'cmd';

export interface HarnessUnderTest {
  harness: ChildProcess;
  pid: number;
  folder: string;
  tag: string;
  exited: Promise<NodeJS.Signals | null>;
  /** targets (the harness's children running the fixture) and marks seen so far */
  seenTargets: Set<number>;
  seenMarks: Set<string>;
  /** scans /proc once, adding the targets and marks it finds */
  look(): ProcessEntry[];
}

/**
 * Starts the command line on a fresh copy of the fixture: a Node target, or the same file as a --cmd
 * target (no agent), a search of many short runs at `concurrency`. `env` goes to the harness and, from
 * it, to its targets.
 */
export function startHarness(kind: TargetKind, concurrency: number, env: NodeJS.ProcessEnv = {}): HarnessUnderTest {
  const file = uniqueCopy(fixturePath('reliability/exits-leaving-helpers.js'));
  const folder = path.dirname(file);
  const tag = randomUUID();
  const target =
    kind === 'node'
      ? ['--target', file, '--grace', '5s']
      : ['--cmd', `exec node ${file}`, '--port-env', 'PORT', '--grace', '2s', '--time-scale', '0.25'];
  // Clients that send no request: the target's exit at once breaks no invariant, so the search finds
  // nothing to shrink and is still running (1000 runs) when the test ends it.
  const args = [CLI, ...target, '--clients', 'silent,late', '--runs', '1000', '--concurrency', String(concurrency), '--startup-timeout', `${PATIENT_STARTUP_MS}ms`, '--out', tempDir()];
  const harness = spawn(process.execPath, args, { stdio: 'ignore', env: { ...process.env, ...env, [TAG]: tag } });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => harness.on('exit', (_code, signal) => resolve(signal)));
  const pid = harness.pid ?? -1;
  const seenTargets = new Set<number>();
  const seenMarks = new Set<string>();
  const look = (): ProcessEntry[] => {
    const table = processTable();
    for (const p of table) {
      if (!p.args.includes(folder)) continue;
      if (p.ppid === pid) seenTargets.add(p.pid);
      const mark = environOf(p.pid).get(MARK);
      if (mark !== undefined) seenMarks.add(mark);
    }
    return table;
  };
  return { harness, pid, folder, tag, exited, seenTargets, seenMarks, look };
}

/** The environment a process started with; empty for a zombie, a process gone, or another user's. */
export function environOf(pid: number): Map<string, string> {
  const env = new Map<string, string>();
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/environ`, 'latin1');
  } catch {
    return env;
  }
  for (const entry of text.split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) env.set(entry.slice(0, eq), entry.slice(eq + 1));
  }
  return env;
}

export interface Left {
  /** carrying one of the marks seen, or the test's tag */
  byEnvironment: number[];
  /** in the process group of a target the harness started */
  byGroup: number[];
  /** naming the fixture's folder */
  byCommandLine: number[];
}

/** The live processes of the harness's runs now (the harness itself left out). */
export function leftNow(h: HarnessUnderTest): Left {
  const live = processTable().filter((p) => p.state !== 'Z' && p.pid !== h.pid && p.pid !== process.pid);
  return {
    byEnvironment: live
      .filter((p) => {
        const env = environOf(p.pid);
        const mark = env.get(MARK);
        return env.get(TAG) === h.tag || (mark !== undefined && h.seenMarks.has(mark));
      })
      .map((p) => p.pid),
    byGroup: live.filter((p) => h.seenTargets.has(p.pgid)).map((p) => p.pid),
    byCommandLine: live.filter((p) => p.args.includes(h.folder)).map((p) => p.pid),
  };
}

const none = (left: Left): boolean => left.byEnvironment.length + left.byGroup.length + left.byCommandLine.length === 0;

/**
 * Waits, bounded, until none of the harness's processes is left; returns those still alive at the
 * end. SIGKILL takes effect at once, but a watchdog or a signal handler acts a moment later.
 */
export async function leftAfterwards(h: HarnessUnderTest, withinMs = 30_000): Promise<Left> {
  const end = Date.now() + withinMs;
  for (;;) {
    const left = leftNow(h);
    if (none(left) || Date.now() > end) {
      // Whatever the verdict, nothing of this test stays behind to disturb the next ones.
      for (const pid of new Set([...left.byEnvironment, ...left.byGroup, ...left.byCommandLine])) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone meanwhile
        }
      }
      return left;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The counts as one line, for the test's output. */
export function describeLeft(left: Left): string {
  return `by environment ${left.byEnvironment.length}, by process group ${left.byGroup.length}, by command line ${left.byCommandLine.length}`;
}

/** Polls `condition` until it holds, or for at most two minutes: a bound against a hang, not a timing. */
export async function until(condition: () => boolean): Promise<boolean> {
  const tooLate = Date.now() + 120_000;
  while (!condition()) {
    if (Date.now() > tooLate) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}

/** mulberry32: a small seeded generator, so that the moments a test picks can be picked again. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
