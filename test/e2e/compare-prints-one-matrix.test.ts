import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { Comparison } from '../../src/report/compare.js';
import { runCli, tempDir } from '../support/cli.js';
import { scenarioPath } from '../support/processes.js';

it('compare runs the same search against each strategy and writes one matrix, as Markdown, HTML and JSON', () => {
  const out = tempDir();
  const result = runCli(['compare', scenarioPath('reference.js'), scenarioPath('ignore-signal.js'), '--runs', '5', '--seed', '1', '--out', out]);
  // Exit status over all targets: one violates, so 1.
  expect(result.status).toBe(1);
  const comparison = JSON.parse(readFileSync(path.join(out, 'compare.json'), 'utf8')) as Comparison;
  expect(comparison.seed).toBe(1);
  expect(comparison.rows.map((r) => [path.basename(r.target), r.verdict])).toEqual([
    ['reference.js', 'pass'],
    ['ignore-signal.js', 'fail'],
  ]);
  const ignore = comparison.rows[1];
  expect(ignore?.cells.deadline).toMatchObject({ verdict: 'violated' });
  expect(ignore?.cells.deadline?.story).toMatch(/SIGTERM at .* → the target was still running when the 30000 ms grace period/);
  const markdown = readFileSync(path.join(out, 'compare.md'), 'utf8');
  expect(markdown).toContain('| target | verdict | in-flight-complete |');
  // The deadline column of the ignore-signal row says violated; each cell is the invariant's verdict.
  const cells = (line: string | undefined): string[] => (line ?? '').split('|').slice(1, -1).map((c) => c.trim());
  const lines = markdown.split('\n');
  const header = cells(lines.find((l) => l.startsWith('| target |')));
  const row = cells(lines.find((l) => /ignore-signal\.js \|/.test(l)));
  expect(row[header.indexOf('verdict')]).toBe('fail');
  expect(row[header.indexOf('deadline')]).toBe('**violated**');
  expect(header.slice(2)).toEqual(comparison.invariants);
  for (const [i, id] of comparison.invariants.entries()) {
    const verdict = ignore?.cells[id]?.verdict;
    expect(row[i + 2], id).toBe(verdict === 'violated' ? '**violated**' : verdict === 'not-exercised' ? 'not exercised' : verdict === 'n/a' ? '—' : verdict);
  }
  // compare.html has the same matrix, one row per target, the violated cell coloured as such.
  const html = readFileSync(path.join(out, 'compare.html'), 'utf8');
  const rows = [...html.matchAll(/<tr data-target="([^"]+)">/g)].map((m) => path.basename(m[1] ?? ''));
  expect(rows).toEqual(['reference.js', 'ignore-signal.js']);
  expect(html).toContain('<td class="verdict v-violated" data-invariant="deadline">violated</td>');
  // Each target's own report.json sits in a folder of its own.
  expect(existsSync(path.join(out, 'reference', 'report.json'))).toBe(true);
  expect(existsSync(path.join(out, 'ignore-signal', 'report.json'))).toBe(true);
});
