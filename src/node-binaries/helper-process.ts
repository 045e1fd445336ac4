/**
 * A short-lived helper the harness runs for itself (npm, tar, a Node binary's --version): guarded as a
 * target is, so that a harness ended while it runs leaves nothing behind (process-group.ts).
 */
import { newRunMark } from '../target/run-mark.mjs';
import { spawnGuarded } from '../target/process-group.js';

export type HelperResult =
  | { kind: 'exited'; code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }
  /** it could not be started at all (ENOENT: not installed) */
  | { kind: 'not-started'; reason: string };

/** Runs `command` to its end and collects its output; `env` is added to the harness's environment. */
export function runHelper(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<HelperResult> {
  return new Promise((resolve) => {
    let spawned;
    try {
      spawned = spawnGuarded(command, args, { cwd: options.cwd ?? process.cwd(), stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } }, newRunMark());
    } catch (error) {
      resolve({ kind: 'not-started', reason: error instanceof Error ? error.message : String(error) });
      return;
    }
    const { child, guard } = spawned;
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
    let done = false;
    child.on('error', (error) => {
      if (done) return;
      done = true;
      guard.kill();
      guard.release();
      resolve({ kind: 'not-started', reason: error.message });
    });
    child.on('close', (code, signal) => {
      if (done) return;
      done = true;
      // What the helper may have left in its group (npm's own children) goes with it.
      guard.kill();
      guard.release();
      resolve({ kind: 'exited', code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}
