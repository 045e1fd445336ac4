import type { InvariantId } from '../checkers/catalogue.js';
import type { NotApplicable, Severity, Verdict } from '../checkers/verdict.js';
import { ADVICE } from './advice.js';
import type { Comparison } from './compare.js';

/** One strategy × invariant over the named scenarios: which of them break it, and how the first does. */
export type MatrixCell =
  | { verdict: 'violated' | 'warning'; scenarios: string[]; evidence: string }
  | { verdict: 'unknown'; scenarios: string[]; evidence: string }
  | { verdict: 'holds' | 'n/a' };

export interface StrategyRow {
  file: string;
  cells: Partial<Record<InvariantId, MatrixCell>>;
}

/** A search of many runs against one target: how many ran, and how many broke an invariant or were undecided. */
export interface Soak {
  clock: 'virtual' | 'real';
  timeScale: number;
  runs: number;
  seed: number;
  verdict: 'pass' | 'fail' | 'error';
  /** the invariants violated, when the verdict is fail */
  violated: string[];
  wallMs: number;
}

export interface StrategyMatrix {
  tool: { version: string; node: string; machine: string };
  invariants: { id: InvariantId; severity: Severity }[];
  /** the named scenarios, by name and description */
  scenarios: { name: string; description: string }[];
  rows: StrategyRow[];
  /**
   * property searches (shutdown-check compare), each with the command that ran it: every strategy in
   * scenarios/, and the cluster strategies under scenarios/cluster/, which run under the real clock only
   */
  searches: { command: string; comparison: Comparison; about?: string }[];
  /** long searches against the reference strategy */
  soaks: Soak[];
}

/**
 * Folds one strategy's verdicts for one invariant over every named scenario into a cell: violated (or
 * a warning) if any scenario violates it, else unknown if any cannot decide, else holds if any applies
 * it, else n/a. Pure.
 */
export function matrixCell(severity: Severity, verdicts: readonly { scenario: string; verdict: Verdict | NotApplicable }[]): MatrixCell {
  const violated = verdicts.filter((v) => v.verdict.verdict === 'violated');
  const first = violated[0]?.verdict;
  if (first && first.verdict === 'violated') {
    return {
      verdict: severity === 'warning' ? 'warning' : 'violated',
      scenarios: violated.map((v) => v.scenario),
      evidence: first.evidence[0]?.message ?? 'violated',
    };
  }
  const unknown = verdicts.filter((v) => v.verdict.verdict === 'unknown');
  const firstUnknown = unknown[0]?.verdict;
  if (firstUnknown && firstUnknown.verdict === 'unknown') {
    return { verdict: 'unknown', scenarios: unknown.map((v) => v.scenario), evidence: firstUnknown.reason };
  }
  return verdicts.some((v) => v.verdict.verdict === 'holds') ? { verdict: 'holds' } : { verdict: 'n/a' };
}

const MARK: Record<MatrixCell['verdict'], string> = {
  violated: '**violated**',
  warning: 'warning',
  unknown: 'unknown',
  holds: 'holds',
  'n/a': '—',
};

function sentence(text: string): string {
  const trimmed = text.replace(/\.?\s*$/, '.');
  return trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
}

function soakLine(s: Soak): string {
  const clock = s.clock === 'real' ? `real clock at ×${s.timeScale}` : 'virtual clock';
  const outcome =
    s.verdict === 'pass'
      ? 'no violation, no unknown'
      : s.verdict === 'fail'
        ? `**violated** ${s.violated.join(', ')}`
        : '**error** (the search could not finish)';
  return `- ${s.runs} runs, ${clock}, seed ${s.seed}: ${outcome} (${(s.wallMs / 1000).toFixed(0)} s)`;
}

/** reports/strategies.md: the matrix, then a paragraph per violation on what it means and how to fix it. Pure. */
export function formatStrategyMatrix(m: StrategyMatrix): string {
  const ids = m.invariants.map((i) => i.id);
  const lines = [
    '# Shutdown strategies: what each one breaks',
    '',
    '<!-- Written by `npm run strategies`; do not edit by hand. -->',
    '',
    `Every strategy in \`scenarios/\` run on each of the ${m.scenarios.length} named scenarios (\`scenarios/lib/named.js\`) ` +
      `under the virtual clock; the same verdicts are pinned by a test and checked under the real clock too. ` +
      `shutdown-check ${m.tool.version}, Node ${m.tool.node}, ${m.tool.machine}.`,
    '',
    `| strategy | ${ids.join(' | ')} |`,
    `|---|${ids.map(() => '---').join('|')}|`,
  ];
  for (const row of m.rows) {
    lines.push(`| \`${row.file}\` | ${ids.map((id) => MARK[row.cells[id]?.verdict ?? 'n/a']).join(' | ')} |`);
  }
  lines.push(
    '',
    '— : no named scenario applies the invariant to this strategy (readiness needs the kubernetes profile, ',
    'websocket-going-away a WebSocket, http2-goaway an HTTP/2 session, signal-reaches-server a `--cmd` target, and so on).',
    '',
  );

  if (m.soaks.length > 0) {
    lines.push('## The reference strategy under long searches', '');
    for (const s of m.soaks) lines.push(soakLine(s));
    lines.push('');
  }

  lines.push('## The named scenarios', '');
  for (const s of m.scenarios) lines.push(`- **${s.name}**: ${s.description}`);
  lines.push('');

  lines.push('## Each violation: what it means and how to fix it', '');
  for (const row of m.rows) {
    const broken = ids.flatMap((id) => {
      const cell = row.cells[id];
      return cell && (cell.verdict === 'violated' || cell.verdict === 'warning' || cell.verdict === 'unknown')
        ? [{ id, cell }]
        : [];
    });
    if (broken.length === 0) continue;
    lines.push(`### \`${row.file}\``, '');
    for (const { id, cell } of broken) {
      const advice = ADVICE[id];
      const kind = cell.verdict === 'warning' ? 'a warning' : cell.verdict === 'unknown' ? 'undecided' : 'violated';
      lines.push(
        `**${id}** (${kind}; in ${cell.scenarios.join(', ')}). ${sentence(cell.evidence)} ` +
          `*What it means:* ${advice.meaning} *How to fix it:* ${advice.fix}`,
        '',
      );
    }
  }

  for (const { command, comparison, about } of m.searches) {
    lines.push(
      `## Property search: \`${command}\``,
      '',
      "Each strategy's first counterexample, shrunk, and the command that replays it. A search stops at its first " +
        'failure, so it names fewer invariants than the matrix above; it finds them without being told the situations.' +
        (about ? ` ${about}` : ''),
      '',
    );
    for (const row of comparison.rows) {
      const told = Object.entries(row.cells).flatMap(([id, cell]) =>
        cell.verdict === 'violated' || cell.verdict === 'warning' || cell.verdict === 'unknown'
          ? [`${id} (${cell.verdict}): ${cell.story ?? ''}`]
          : [],
      );
      const verdict = row.verdict === 'error' ? `error: ${row.reason ?? ''}` : row.verdict;
      lines.push(`- \`${row.target}\`: ${verdict}${told.length > 0 ? ` — ${told.join('; ')}` : ''}`);
      if (row.replay) lines.push(`  \`${row.replay}\``);
    }
    lines.push('');
  }
  return lines.join('\n');
}
