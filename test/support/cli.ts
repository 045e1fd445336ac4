import { spawnSync } from 'node:child_process';
import { expect } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Report } from '../../src/report/report.js';
import { CLI, fixturePath, uniqueCopy } from './processes.js';

export interface CliOptions {
  cwd?: string;
  /** a bound on the whole run, against a hang: the command is killed and its status is null */
  timeoutMs?: number;
  /** added to this process's environment (the target inherits it) */
  env?: NodeJS.ProcessEnv;
  /** options for node itself, before the command line's script (a heap limit, say) */
  nodeArgs?: string[];
}

/**
 * vitest's limit for a test that runs whole searches on a shared machine: a bound against a hang, far
 * above what a loaded machine takes, not a timing.
 */
export const LONG = 600_000;

/**
 * What the command line reads of where it runs, left out unless a test sets it: the suite may itself
 * run under GitHub Actions or with FORCE_COLOR, and the output under test must not depend on that.
 */
const WHERE_IT_RUNS = { GITHUB_ACTIONS: undefined, GITHUB_STEP_SUMMARY: undefined, FORCE_COLOR: undefined, NO_COLOR: undefined };

/** Runs the real command line and returns its status and output. */
export function runCli(args: string[], options: CliOptions = {}) {
  const result = spawnSync(process.execPath, [...(options.nodeArgs ?? []), CLI, ...args], {
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 600_000,
    // A flood of output must not fail the test on its own: what the command prints is bounded anyway.
    maxBuffer: 64 * 1024 * 1024,
    ...(options.cwd ? { cwd: options.cwd } : {}),
    // spawn leaves out a variable whose value is undefined.
    env: { ...process.env, ...WHERE_IT_RUNS, ...options.env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * stderr without the progress lines (each starts with the bar, `[###---]`): what the command said
 * besides its progress — a warning, an error — which is empty for a clean run.
 */
export function besidesProgress(stderr: string): string {
  return stderr
    .split('\n')
    .filter((line) => !/^\[[#-]+\] /.test(line))
    .join('\n');
}

export function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'shutdown-check-e2e-'));
}

/** A start-up timeout far above what a loaded machine takes, for tests that are not about start-up. */
export const PATIENT_STARTUP_MS = 120_000;

/**
 * Runs the command line against a fresh copy of a fixture (a path a process scan can tell apart),
 * writing its report to a folder of its own, with a patient start-up timeout unless `args` set one.
 */
export function runOnCopy(fixture: string, args: string[], options: CliOptions = {}) {
  const target = uniqueCopy(fixturePath(fixture));
  const out = tempDir();
  const patience = args.includes('--startup-timeout') ? [] : ['--startup-timeout', `${PATIENT_STARTUP_MS}ms`];
  const result = runCli(['--target', target, ...patience, ...args, '--out', out], options);
  return { target, out, ...result };
}

/** The report.json a run wrote to `out`. */
export function readReport(out: string): Report {
  return JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as Report;
}

/** The ids of the invariants a report finds violated at `severity`. */
export function violatedIds(report: Report, severity: 'error' | 'warning' = 'error'): string[] {
  return report.invariants.filter((i) => i.severity === severity && i.verdict === 'violated').map((i) => i.id);
}

/** The evidence a report gives for one invariant, one message a line. */
export function evidenceText(report: Report, id: string): string {
  return (report.invariants.find((i) => i.id === id)?.evidence ?? []).map((e) => e.message).join('\n');
}

/** A command line that is bad usage: exit status 2 and one line on stderr saying so, matching `message`. */
export function expectUsageError(result: ReturnType<typeof runCli>, message: RegExp): void {
  expect(result.status).toBe(2);
  expect(result.stderr).toMatch(message);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
}
