import { adviceLines } from './advice.js';
import { printable } from './printable.js';
import type { InvariantReport, InvariantVerdict } from './report.js';
import { shrinkOriginShort } from './shrink-origin.js';
import { PLAIN, type Style, type Tone } from './style.js';

const MARK: Record<InvariantVerdict, string> = {
  holds: 'ok',
  violated: 'FAIL',
  unknown: '??',
  'not-applicable': '--',
  'not-exercised': '--',
};

const TONE: Record<InvariantVerdict, Tone> = { holds: 'pass', violated: 'fail', unknown: 'warn', 'not-applicable': 'quiet', 'not-exercised': 'quiet' };

/** "in 1 run", "in 63 runs" */
function inRuns(n: number): string {
  return `in ${n} run${n === 1 ? '' : 's'}`;
}

/**
 * The verdict table: one line per invariant — with, over a search, the number of runs that exercised
 * it — then the evidence sentences of each violation. Pure.
 */
export function formatVerdicts(invariants: readonly InvariantReport[], options: { runs?: boolean; style?: Style } = {}): string {
  const style = options.style ?? PLAIN;
  const width = Math.max(...invariants.map((r) => r.id.length));
  const lines: string[] = [];
  for (const result of invariants) {
    const mark = result.verdict === 'violated' && result.severity === 'warning' ? 'warn' : MARK[result.verdict];
    const why = printable(result.evidence[0]?.message ?? '');
    const exercised = options.runs ? ` · exercised ${inRuns(result.exercisedRuns)}` : '';
    const detail = ((): string => {
      switch (result.verdict) {
        case 'violated': {
          const origin = shrinkOriginShort(result.counterexample);
          return `violated (${result.severity})${exercised}${origin !== null ? ` · ${printable(origin)}` : ''}`;
        }
        case 'holds':
          return `holds${exercised}`;
        case 'unknown':
          return `unknown: ${why}`;
        case 'not-applicable':
          return `not applicable: ${why}`;
        case 'not-exercised':
          return `not exercised: ${why}`;
      }
    })();
    const tone = result.verdict === 'violated' && result.severity === 'warning' ? 'warn' : TONE[result.verdict];
    // Padded before it is coloured: the escapes take no columns on screen but count in padEnd.
    lines.push(`${style(tone, mark.padEnd(4))} ${result.id.padEnd(width)}  ${detail}`);
    if (result.verdict === 'violated') {
      for (const e of result.evidence) lines.push(`       ${printable(e.message)}`);
      for (const line of adviceLines(result.id)) lines.push(`       ${line}`);
    }
  }
  return lines.join('\n');
}

/**
 * One line of what a search put to the test: "exercised: in-flight-complete in 63 runs, …; not
 * exercised: websocket-going-away". Pure.
 */
export function formatExercised(invariants: readonly InvariantReport[]): string {
  const tested = invariants.filter((i) => i.exercisedRuns > 0).map((i) => `${i.id} ${inRuns(i.exercisedRuns)}`);
  const untested = invariants.filter((i) => i.verdict === 'not-exercised').map((i) => i.id);
  const parts = [`exercised: ${tested.length > 0 ? tested.join(', ') : 'nothing'}`];
  if (untested.length > 0) parts.push(`not exercised: ${untested.join(', ')}`);
  return parts.join('; ');
}
