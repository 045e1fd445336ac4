/** A one-line chart of a series, for the terminal. Pure. */

const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/**
 * Groups `values` into at most `width` columns (summing each group, so a short burst still shows) and
 * draws each column as a bar from ▁ to █ relative to the largest; a column of zeros is a space, so that
 * a stop in the traffic reads as a gap and not as a low bar.
 */
export function sparkline(values: readonly number[], width = 60): string {
  const columns = group(values, width);
  const max = Math.max(0, ...columns);
  return columns
    .map((v) => (v <= 0 || max === 0 ? ' ' : BARS[Math.min(BARS.length - 1, Math.floor((v / max) * BARS.length))]))
    .join('');
}

/** How many values go into one column when `length` values are drawn in at most `width` columns. */
export function groupSize(length: number, width: number): number {
  return Math.max(1, Math.ceil(length / Math.max(1, width)));
}

function group(values: readonly number[], width: number): number[] {
  const size = groupSize(values.length, width);
  const columns: number[] = [];
  for (let i = 0; i < values.length; i += size) columns.push(values.slice(i, i + size).reduce((a, b) => a + b, 0));
  return columns;
}

/**
 * A line of markers under a sparkline: each mark's letter at the column its bucket falls in (a later
 * mark in the same column wins), spaces elsewhere.
 */
export function markerLine(length: number, width: number, marks: readonly { bucket: number; letter: string }[]): string {
  const size = groupSize(length, width);
  const columns = Math.ceil(length / size);
  const line = new Array<string>(columns).fill(' ');
  for (const mark of marks) {
    const column = Math.min(columns - 1, Math.max(0, Math.floor(mark.bucket / size)));
    if (columns > 0) line[column] = mark.letter;
  }
  return line.join('').trimEnd();
}
