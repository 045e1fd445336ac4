import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CLI } from './processes.js';

export interface CliOptions {
  cwd?: string;
  /** a bound on the whole run, against a hang: the command is killed and its status is null */
  timeoutMs?: number;
  /** added to this process's environment (the target inherits it) */
  env?: NodeJS.ProcessEnv;
  /** options for node itself, before the command line's script (a heap limit, say) */
  nodeArgs?: string[];
}

/** Runs the real command line and returns its status and output. */
export function runCli(args: string[], options: CliOptions = {}) {
  const result = spawnSync(process.execPath, [...(options.nodeArgs ?? []), CLI, ...args], {
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 600_000,
    // A flood of output must not fail the test on its own: what the command prints is bounded anyway.
    maxBuffer: 64 * 1024 * 1024,
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'shutdown-check-e2e-'));
}
