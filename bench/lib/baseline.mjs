/**
 * The older checkout a measurement compares against, given in BENCH_BASELINE (a project folder with
 * its dist/ built), so that "before" and "after" are measured side by side in one bench run and meet
 * about the same load; null when none is given.
 */
import path from 'node:path';

export function baselineRoot() {
  return process.env.BENCH_BASELINE ? path.resolve(process.env.BENCH_BASELINE) : null;
}

/** "1.29 (before: 2.31)" — a figure, and the baseline's beside it when there is one. */
export function withBefore(after, before, format) {
  return before === null ? format(after) : `${format(after)} (before: ${format(before)})`;
}
