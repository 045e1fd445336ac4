// A search's progress (its runs, each invariant found violated, its shrinking) goes to stderr, so that
// stdout holds results only: whatever reporters are chosen, stdout ends with the verdict and the files
// written, or is exactly one JSON document with --reporter json.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { besidesProgress, LONG, runCli, tempDir } from '../support/cli.js';

const SEARCH = ['--target', 'scenarios/exit-at-once.js', '--runs', '5', '--seed', '1', '--shrink-runs', '3'];

describe('a failing search whose output is not a terminal', () => {
  it('with file reporters only: progress lines on stderr, a line per phase, shrinking included; stdout ends with the verdict and the files', () => {
    const out = tempDir();
    const result = runCli([...SEARCH, '--reporter', 'junit', '--reporter', 'html', '--out', out]);
    expect(result.status).toBe(1);
    const progress = result.stderr.split('\n').filter((line) => line.startsWith('['));
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.some((line) => / · shrinking \S+/.test(line))).toBe(true);
    expect(new Set(progress).size).toBe(progress.length);
    expect(result.stderr).not.toContain('\r');
    expect(besidesProgress(result.stderr)).toBe('');
    const files = ['report.json', 'junit.xml', 'report.html'].map((f) => path.join(out, f));
    expect(result.stdout.trimEnd().split('\n').slice(-3)).toEqual(['verdict: fail', '', `report: ${files.join(', ')}`]);
  }, LONG);

  it('with --reporter json: stdout is one JSON document holding the verdict, and the files are told on stderr', () => {
    const out = tempDir();
    const result = runCli([...SEARCH, '--reporter', 'json', '--out', out]);
    expect(result.status).toBe(1);
    expect((JSON.parse(result.stdout) as { verdict: string }).verdict).toBe('fail');
    expect(besidesProgress(result.stderr)).toBe(`report: ${path.join(out, 'report.json')}\n`);
  }, LONG);
});
