// Under GitHub Actions (GITHUB_ACTIONS=true, set in every step) a search annotates the run and appends
// its Markdown summary to the job's summary page ($GITHUB_STEP_SUMMARY) without being asked; a
// --reporter given says exactly what is printed and written.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LONG, runCli, tempDir } from '../support/cli.js';

const SEARCH = ['--target', 'scenarios/exit-at-once.js', '--runs', '3', '--seed', '1', '--shrink-runs', '0'];

function underActions(args: string[]) {
  const out = tempDir();
  const summary = path.join(tempDir(), 'step-summary.md');
  // The runner's summary file exists, and may already hold an earlier step's text: it is appended to.
  writeFileSync(summary, 'earlier step\n');
  const result = runCli([...SEARCH, ...args, '--out', out], { env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary } });
  return { ...result, out, summary: readFileSync(summary, 'utf8') };
}

describe('a failing search under GitHub Actions', () => {
  it('annotates each violated invariant, prints the pretty report, and appends the summary with each violation folded', () => {
    const run = underActions([]);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^::error file=scenarios\/exit-at-once\.js,title=shutdown-check%3A \S+ violated \(error\)::/m);
    expect(run.stdout).toMatch(/^verdict: fail$/m);
    expect(run.summary.startsWith('earlier step\n## shutdown-check: fail')).toBe(true);
    expect(run.summary).toContain('<details><summary>smallest failing scenario');
    expect(run.summary).toContain('how to fix it: ');
    expect(readFileSync(path.join(run.out, 'summary.md'), 'utf8')).toBe(run.summary.slice('earlier step\n'.length));
  }, LONG);

  it('with --reporter pretty: no annotation, no summary', () => {
    const run = underActions(['--reporter', 'pretty']);
    expect(run.status).toBe(1);
    expect(run.stdout).not.toMatch(/^::/m);
    expect(run.summary).toBe('earlier step\n');
    expect(existsSync(path.join(run.out, 'summary.md'))).toBe(false);
  }, LONG);
});

describe('a failing search outside GitHub Actions', () => {
  it('neither annotates nor writes a summary', () => {
    const out = tempDir();
    const result = runCli([...SEARCH, '--out', out]);
    expect(result.status).toBe(1);
    expect(result.stdout).not.toMatch(/^::/m);
    expect(existsSync(path.join(out, 'summary.md'))).toBe(false);
  }, LONG);
});
