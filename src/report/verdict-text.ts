import type { CheckReport } from '../checkers/catalogue.js';
import type { InvariantResult } from '../checkers/verdict.js';

const MARK: Record<InvariantResult['verdict']['verdict'], string> = {
  holds: 'ok',
  violated: 'FAIL',
  unknown: '??',
  'not-applicable': '--',
};

/** The verdict table: one line per invariant, then the evidence sentences of each violation. Pure. */
export function formatVerdicts(report: CheckReport): string {
  const width = Math.max(...report.results.map((r) => r.id.length));
  const lines: string[] = [];
  for (const result of report.results) {
    const v = result.verdict;
    const mark = v.verdict === 'violated' && result.severity === 'warning' ? 'warn' : MARK[v.verdict];
    const detail =
      v.verdict === 'violated'
        ? `violated (${result.severity})`
        : v.verdict === 'holds'
          ? 'holds'
          : `${v.verdict === 'unknown' ? 'unknown' : 'not applicable'}: ${v.reason}`;
    lines.push(`${mark.padEnd(4)} ${result.id.padEnd(width)}  ${detail}`);
    if (v.verdict === 'violated') for (const e of v.evidence) lines.push(`       ${e.message}`);
  }
  lines.push('', `verdict: ${report.verdict}`);
  return lines.join('\n');
}
