/**
 * The numbers a load run accumulates: latency histograms and throughput per time bucket. No I/O and no
 * clock of their own: values come in, plain data comes out, so they are tested with literal values.
 */
import hdr from 'hdr-histogram-js';

/** Latency percentiles in milliseconds, over `count` answered requests. */
export interface Percentiles {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
}

/**
 * Latencies in an HDR histogram (microsecond resolution, 3 significant digits): constant memory
 * however many requests, and percentiles exact to 0.1 %, which a sorted sample would not give at this
 * volume.
 */
export class LatencyStats {
  private readonly histogram = hdr.build({ lowestDiscernibleValue: 1, numberOfSignificantValueDigits: 3 });

  /** One histogram holding every value of `parts`. */
  static merge(parts: readonly LatencyStats[]): LatencyStats {
    const all = new LatencyStats();
    for (const part of parts) all.histogram.add(part.histogram);
    return all;
  }

  record(ms: number): void {
    this.histogram.recordValue(Math.max(0, Math.round(ms * 1000)));
  }

  get count(): number {
    return this.histogram.totalCount;
  }

  summary(): Percentiles {
    const h = this.histogram;
    const at = (p: number): number => (h.totalCount === 0 ? 0 : h.getValueAtPercentile(p) / 1000);
    return { count: h.totalCount, p50: at(50), p90: at(90), p99: at(99), p999: at(99.9), max: h.totalCount === 0 ? 0 : h.maxValue / 1000 };
  }
}

export const SERIES = ['answered', 'failed', 'refused'] as const;
export type Series = (typeof SERIES)[number];

/** Counts per time bucket: answered requests, failed ones, and connections refused. */
export interface ThroughputSeries {
  bucketMs: number;
  answered: number[];
  failed: number[];
  refused: number[];
}

/** Counts what ends in each `bucketMs` slice of the run (100 ms: fine enough to see a drain). */
export class Throughput {
  private readonly counts: Record<Series, number[]> = { answered: [], failed: [], refused: [] };

  constructor(readonly bucketMs = 100) {}

  record(series: Series, atMs: number): void {
    const bucket = Math.max(0, Math.floor(atMs / this.bucketMs));
    const values = this.counts[series];
    while (values.length <= bucket) values.push(0);
    values[bucket] = (values[bucket] ?? 0) + 1;
  }

  /** Every series as long as the longest, padded with zeros. */
  series(): ThroughputSeries {
    const length = Math.max(...SERIES.map((s) => this.counts[s].length));
    const padded = (values: number[]): number[] => [...values, ...new Array<number>(length - values.length).fill(0)];
    return {
      bucketMs: this.bucketMs,
      answered: padded(this.counts.answered),
      failed: padded(this.counts.failed),
      refused: padded(this.counts.refused),
    };
  }
}
