import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { LoadSummary } from '../../src/load/summary.js';
import { runCli, tempDir } from './cli.js';

/**
 * A small loaded run of a target through the real command line: 60 connections of every kind the
 * target serves, 300 sends a second for 2 s, SIGTERM after 1 s. Slow and stream requests take 1 s, so
 * some are always in flight at the signal.
 */
export function smallLoad(target: string): { status: number | null; stdout: string; stderr: string; summary: LoadSummary } {
  const out = tempDir();
  const args = ['load', '--target', target, '--connections', '60', '--rate', '300', '--duration', '2s'];
  args.push('--signal-at', '1s', '--startup-timeout', '60s', '--out', out);
  const result = runCli(args, { timeoutMs: 120_000 });
  const summary = JSON.parse(readFileSync(path.join(out, 'load.json'), 'utf8')) as LoadSummary;
  return { ...result, summary };
}
