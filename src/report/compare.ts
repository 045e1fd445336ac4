import { printable } from './printable.js';
import { markdownText as md } from './markup.js';
import type { Report } from './report.js';

/** One strategy's row: its verdict per invariant, and the story of each violation. */
export interface CompareRow {
  target: string;
  verdict: Report['verdict'];
  /** why the verdict is `error` */
  reason: string | null;
  cells: Record<string, Cell>;
  replay: string | null;
  /** the Node release the row's search ran its target under (`compare --node`) */
  node?: string;
}

export type Cell = {
  verdict: 'holds' | 'violated' | 'warning' | 'unknown' | 'not-exercised' | 'n/a';
  /** a violation told in one line (its own smallest scenario, then its evidence); why for the others */
  story: string | null;
  /** the command that replays this invariant's own counterexample */
  replay: string | null;
};

export interface Comparison {
  tool: Report['tool'];
  seed: number;
  numRuns: number;
  invariants: string[];
  rows: CompareRow[];
  /** present when the rows are Node releases (`compare --node`): the one target each ran */
  acrossNode?: { target: string };
}

/**
 * What the matrix compares: its title, the name of its first column, and the line that says how it
 * ran, whose words from outside (the target, the version) go through `escape`. Pure.
 */
export function compareHeading(comparison: Comparison, escape: (text: string) => string = (text) => text): { title: string; column: string; summary: string } {
  const budget = `${comparison.numRuns} runs each, seed ${comparison.seed} (shutdown-check ${escape(comparison.tool.version)})`;
  const { acrossNode } = comparison;
  if (acrossNode !== undefined) {
    return { title: 'Node versions compared', column: 'node', summary: `${escape(acrossNode.target)} under ${comparison.rows.length} Node versions, ${budget}.` };
  }
  return { title: 'Shutdown strategies compared', column: 'target', summary: `${comparison.rows.length} targets, ${budget}.` };
}

/** A row from one target's report: each violation told in one line, its own smallest scenario then its evidence. Pure. */
export function compareRow(report: Report): CompareRow {
  const cells: Record<string, Cell> = {};
  for (const i of report.invariants) {
    const evidence = i.evidence[0]?.message ?? null;
    const steps = i.counterexample?.steps.join('; ') ?? null;
    const replay = i.counterexample?.replay ?? null;
    if (i.verdict === 'violated') {
      cells[i.id] = {
        verdict: i.severity === 'warning' ? 'warning' : 'violated',
        story: steps ? `${steps} → ${evidence ?? 'violated'}` : evidence,
        replay,
      };
    } else if (i.verdict === 'unknown' || i.verdict === 'not-exercised') cells[i.id] = { verdict: i.verdict, story: evidence, replay: null };
    else cells[i.id] = { verdict: i.verdict === 'holds' ? 'holds' : 'n/a', story: null, replay: null };
  }
  return { target: report.target, verdict: report.verdict, reason: report.reason, cells, replay: report.replay };
}

const SYMBOL: Record<Cell['verdict'], string> = {
  holds: 'holds',
  violated: '**violated**',
  warning: 'warning',
  unknown: 'unknown',
  'not-exercised': 'not exercised',
  'n/a': '—',
};

/** A command in a Markdown code span: printable, and a backtick inside it cannot close the span. */
function mdCode(command: string): string {
  const text = printable(command);
  const fence = text.includes('`') ? '`` ' : '`';
  return `${fence}${text}${fence === '`' ? '`' : ' ``'}`;
}

/** The matrix as Markdown: strategies × invariants, then one line per violation. Pure. */
export function formatCompareMarkdown(comparison: Comparison): string {
  const { invariants, rows } = comparison;
  const heading = compareHeading(comparison, md);
  const lines = [
    `# ${heading.title}`,
    '',
    heading.summary,
    '',
    `| ${heading.column} | verdict | ${invariants.join(' | ')} |`,
    `|---|---|${invariants.map(() => '---').join('|')}|`,
  ];
  for (const row of rows) {
    const cells = invariants.map((id) => SYMBOL[row.cells[id]?.verdict ?? 'n/a']);
    lines.push(`| ${md(row.target)} | ${row.verdict} | ${cells.join(' | ')} |`);
  }
  lines.push('');
  for (const row of rows) {
    const told = invariants.flatMap((id) => {
      const cell = row.cells[id];
      if (!cell?.story || cell.verdict === 'holds') return [];
      const replay = cell.replay ? ` Replay: ${mdCode(cell.replay)}` : '';
      return [`- **${id}** (${cell.verdict}): ${md(cell.story)}${replay}`];
    });
    if (row.reason) told.push(`- no verdict: ${md(row.reason)}`);
    if (told.length === 0) continue;
    lines.push(`## ${md(row.target)}`, '', ...told, '');
  }
  return lines.join('\n');
}

/** The matrix for a terminal: one line per target, one column per invariant. Pure. */
export function formatCompareText(comparison: Comparison): string {
  const short: Record<Cell['verdict'], string> = { holds: 'ok', violated: 'FAIL', warning: 'warn', unknown: '??', 'not-exercised': 'none', 'n/a': '--' };
  const names = comparison.rows.map((r) => printable(r.target));
  const { column } = compareHeading(comparison);
  const width = Math.max(...names.map((n) => n.length), column.length);
  const head = `${column.padEnd(width)}  ${comparison.invariants.map((_, i) => String(i + 1).padStart(4)).join(' ')}`;
  const legend = comparison.invariants.map((id, i) => `${i + 1} ${id}`).join(' · ');
  const lines = [head];
  comparison.rows.forEach((row, i) => {
    const cells = comparison.invariants.map((id) => short[row.cells[id]?.verdict ?? 'n/a'].padStart(4));
    lines.push(`${(names[i] ?? '').padEnd(width)}  ${cells.join(' ')}`);
  });
  return [...lines, '', legend].join('\n');
}
