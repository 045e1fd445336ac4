import type { Report } from './report.js';

const MARK: Record<Report['invariants'][number]['verdict'], string> = {
  holds: 'ok',
  violated: 'FAIL',
  unknown: '??',
  'not-applicable': '--',
};

/** The verdict table: one line per invariant, then the evidence sentences of each violation. Pure. */
export function formatVerdicts(invariants: Report['invariants']): string {
  const width = Math.max(...invariants.map((r) => r.id.length));
  const lines: string[] = [];
  for (const result of invariants) {
    const mark = result.verdict === 'violated' && result.severity === 'warning' ? 'warn' : MARK[result.verdict];
    const why = result.evidence[0]?.message ?? '';
    const detail =
      result.verdict === 'violated'
        ? `violated (${result.severity})`
        : result.verdict === 'holds'
          ? 'holds'
          : `${result.verdict === 'unknown' ? 'unknown' : 'not applicable'}: ${why}`;
    lines.push(`${mark.padEnd(4)} ${result.id.padEnd(width)}  ${detail}`);
    if (result.verdict === 'violated') for (const e of result.evidence) lines.push(`       ${e.message}`);
  }
  return lines.join('\n');
}
