// A search that ends unable to write its files (here: its --out folder was replaced by a file while
// it ran, as a full disk or a removed folder would do) loses nothing it found: the verdict is printed
// first, then one line says the files could not be written, and the exit status is 3 — the harness
// did not do all it was asked, and a CI job must not pass on a verdict whose report is missing.
import { spawn } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { besidesProgress, LONG, tempDir } from '../support/cli.js';
import { CLI, fixturePath, uniqueCopy } from '../support/processes.js';

/** Runs the command; once its target has started, replaces its --out folder with a file. */
async function runLosingOut(args: (target: string, out: string) => string[]) {
  const target = uniqueCopy(fixturePath('reliability/records-its-start.js'));
  const out = path.join(tempDir(), 'reports');
  const started = path.join(tempDir(), 'started');
  const child = spawn(process.execPath, [CLI, ...args(target, out)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, STARTED_FILE: started },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const status = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  // Bounded against a hang, not a timing: a target starts within seconds.
  const tooLate = Date.now() + 120_000;
  while (!existsSync(started) && Date.now() < tooLate) await new Promise((resolve) => setTimeout(resolve, 10));
  rmSync(out, { recursive: true, force: true });
  writeFileSync(out, 'in the way\n');
  return { status: await status, stdout, stderr, out };
}

const lost = (out: string): RegExp =>
  new RegExp(`^shutdown-check: the verdict above stands, but its files could not be written to ${out}(/[\\w-]+)?: ENOTDIR: not a directory`);

describe('files that cannot be written once the verdict is reached', () => {
  it('run, pretty: the verdict, then one line on stderr, exit 3', async () => {
    const result = await runLosingOut((target, out) => ['--target', target, '--clients', 'silent', '--runs', '3', '--out', out]);
    expect(result.stdout).toMatch(/^verdict: pass$/m);
    expect(result.stdout).not.toMatch(/^report: /m);
    expect(besidesProgress(result.stderr)).toMatch(lost(result.out));
    expect(besidesProgress(result.stderr).trim().split('\n')).toHaveLength(1);
    expect(result.status).toBe(3);
  }, LONG);

  it('run, json: the report on stdout parses, then one line on stderr, exit 3', async () => {
    const result = await runLosingOut((target, out) => ['--target', target, '--clients', 'silent', '--runs', '3', '--reporter', 'json', '--out', out]);
    expect(JSON.parse(result.stdout)).toMatchObject({ verdict: 'pass', numRuns: 3 });
    expect(besidesProgress(result.stderr)).toMatch(lost(result.out));
    expect(besidesProgress(result.stderr).trim().split('\n')).toHaveLength(1);
    expect(result.status).toBe(3);
  }, LONG);

  it('compare: the matrix, then one line on stderr, exit 3', async () => {
    const result = await runLosingOut((target, out) => ['compare', target, '--clients', 'silent', '--runs', '3', '--out', out]);
    // The matrix's row: every cell holds, was not exercised (none) or does not apply (--).
    expect(result.stdout).toMatch(/^\S+records-its-start\.js( +(ok|none|--))+ *$/m);
    expect(result.stdout).not.toContain('compare.md, compare.html and compare.json in');
    expect(besidesProgress(result.stderr)).toMatch(lost(result.out));
    expect(besidesProgress(result.stderr).trim().split('\n')).toHaveLength(1);
    expect(result.status).toBe(3);
  }, LONG);

  it('load: the report, then one line on stderr, exit 3', async () => {
    const result = await runLosingOut((target, out) => ['load', '--target', target, '--duration', '1s', '--connections', '2', '--rate', '10', '--out', out]);
    expect(result.stdout).toMatch(/^verdict: pass$/m);
    expect(result.stdout).not.toContain('load.json and load.html in');
    expect(besidesProgress(result.stderr)).toMatch(lost(result.out));
    expect(besidesProgress(result.stderr).trim().split('\n')).toHaveLength(1);
    expect(result.status).toBe(3);
  }, LONG);
});
