import { expect, it } from 'vitest';
import { formatCompareHtml } from '../../../src/report/compare-html.js';
import { formatCompareMarkdown, formatCompareText, type Cell, type Comparison } from '../../../src/report/compare.js';
import { formatHtmlReport } from '../../../src/report/html.js';
import { formatReport } from '../../../src/report/pretty.js';
import { passingReport } from './reports.js';

const holds: Cell = { verdict: 'holds', story: null, replay: null };

const ACROSS_NODE: Comparison = {
  tool: { name: 'shutdown-check', version: '9.9.9' },
  seed: 7,
  numRuns: 30,
  invariants: ['deadline', 'keepalive-race'],
  acrossNode: { target: 'scenarios/close-only.js' },
  rows: [
    {
      target: 'node 18.20.8',
      node: '18.20.8',
      verdict: 'fail',
      reason: null,
      cells: {
        deadline: {
          verdict: 'violated',
          story: 'A (keep-alive) sends GET / at 0 ms; SIGTERM at 10 ms → the target was still running when the 30000 ms grace period ran out',
          replay: 'npx shutdown-check --target scenarios/close-only.js --node 18.20.8 --seed 7 --path 2:0',
        },
        'keepalive-race': holds,
      },
      replay: 'npx shutdown-check --target scenarios/close-only.js --node 18.20.8 --seed 7 --path 2:0',
    },
    { target: 'node 22.23.5', node: '22.23.5', verdict: 'pass', reason: null, cells: { deadline: holds, 'keepalive-race': holds }, replay: null },
    { target: 'node 24.22.3', node: '24.22.3', verdict: 'error', reason: 'the target crashed before it listened', cells: {}, replay: null },
  ],
};

it('the terminal matrix names its first column node and has one row per release, its cells the verdicts', () => {
  expect(formatCompareText(ACROSS_NODE).split('\n')).toEqual([
    'node             1    2',
    'node 18.20.8  FAIL   ok',
    'node 22.23.5    ok   ok',
    'node 24.22.3    --   --',
    '',
    '1 deadline · 2 keepalive-race',
  ]);
});

it('compare.md is titled for Node versions, says which target ran under how many, and tells each violation under its release', () => {
  const markdown = formatCompareMarkdown(ACROSS_NODE).split('\n');
  expect(markdown.slice(0, 9)).toEqual([
    '# Node versions compared',
    '',
    'scenarios/close-only.js under 3 Node versions, 30 runs each, seed 7 (shutdown-check 9.9.9).',
    '',
    '| node | verdict | deadline | keepalive-race |',
    '|---|---|---|---|',
    '| node 18.20.8 | fail | **violated** | holds |',
    '| node 22.23.5 | pass | holds | holds |',
    '| node 24.22.3 | error | — | — |',
  ]);
  expect(markdown).toContain('## node 18.20.8');
  expect(markdown.join('\n')).toContain('Replay: `npx shutdown-check --target scenarios/close-only.js --node 18.20.8 --seed 7 --path 2:0`');
  expect(markdown).toContain('- no verdict: the target crashed before it listened');
});

it('compare.html has the same rows under a node column and the same title', () => {
  const html = formatCompareHtml(ACROSS_NODE);
  expect(html).toContain('<h1>Node versions compared</h1>');
  expect(html).toContain('<tr><th>node</th><th>verdict</th>');
  expect([...html.matchAll(/<tr data-target="([^"]+)">/g)].map((m) => m[1])).toEqual(['node 18.20.8', 'node 22.23.5', 'node 24.22.3']);
  expect(html).toContain('scenarios/close-only.js under 3 Node versions, 30 runs each, seed 7');
});

it('a comparison of targets keeps its own title and target column', () => {
  const { acrossNode: _across, ...ofTargets } = ACROSS_NODE;
  expect(formatCompareMarkdown(ofTargets)).toMatch(/^# Shutdown strategies compared\n\n3 targets, 30 runs each, seed 7 \(shutdown-check 9\.9\.9\)\.\n\n\| target \| verdict \|/);
  expect(formatCompareText(ofTargets).split('\n')[0]).toBe('target           1    2');
});

it("one release's own report names the Node it ran under, in the terminal and in report.html, when one was asked for", () => {
  const report = passingReport();
  const underNode = { ...report, settings: { ...report.settings, node: '22.23.5' } };
  expect(formatReport(underNode).split('\n')[0]).toMatch(/^shutdown-check \S+: \S+, Node 22\.23\.5, virtual clock, seed/);
  expect(formatHtmlReport(underNode)).toContain('<p class="meta">Node 22.23.5 · virtual clock ·');
  expect(formatReport(report).split('\n')[0]).not.toContain('Node');
});
