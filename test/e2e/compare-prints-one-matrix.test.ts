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
  expect(markdown).toMatch(/ignore-signal\.js \| fail \| holds \| holds \| \*\*violated\*\*/);
  // compare.html has the same matrix, one row per target, the violated cell coloured as such.
  const html = readFileSync(path.join(out, 'compare.html'), 'utf8');
  const rows = [...html.matchAll(/<tr data-target="([^"]+)">/g)].map((m) => path.basename(m[1] ?? ''));
  expect(rows).toEqual(['reference.js', 'ignore-signal.js']);
  expect(html).toContain('<td class="verdict v-violated" data-invariant="deadline">violated</td>');
  // Each target's own report.json sits in a folder of its own.
  expect(existsSync(path.join(out, 'reference', 'report.json'))).toBe(true);
  expect(existsSync(path.join(out, 'ignore-signal', 'report.json'))).toBe(true);
});
