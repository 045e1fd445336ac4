import { describe, expect, it } from 'vitest';
import { LatencyStats, Throughput } from '../../../src/load/stats.js';

/** An HDR histogram with 3 significant digits reports a value within 0.1 % of the one recorded. */
function expectWithin(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(expected / 1000);
}

describe('latency percentiles', () => {
  it('come from an HDR histogram: exact to 3 significant digits, max exact', () => {
    const stats = new LatencyStats();
    for (const ms of [1, 2, 3, 4, 5, 6, 7, 8, 9, 100]) stats.record(ms);
    const p = stats.summary();
    expect(p.count).toBe(10);
    expectWithin(p.p50, 5);
    expectWithin(p.p90, 9);
    expectWithin(p.p99, 100);
    expectWithin(p.p999, 100);
    expect(p.max).toBe(100);
  });

  it('are zeros, not NaN, when nothing was answered', () => {
    expect(new LatencyStats().summary()).toEqual({ count: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0 });
  });

  it('merge the histograms of every kind into one', () => {
    const fast = new LatencyStats();
    const slow = new LatencyStats();
    for (let i = 0; i < 99; i++) fast.record(1);
    slow.record(1000);
    const all = LatencyStats.merge([fast, slow]).summary();
    expect(all.count).toBe(100);
    expectWithin(all.p50, 1);
    expect(all.max).toBe(1000);
  });
});

describe('throughput', () => {
  it('counts each series per bucket, padded to one length', () => {
    const t = new Throughput(100);
    for (const at of [0, 50, 99, 100, 350]) t.record('answered', at);
    t.record('failed', 120);
    t.record('refused', 520);
    expect(t.series()).toEqual({
      bucketMs: 100,
      answered: [3, 1, 0, 1, 0, 0],
      failed: [0, 1, 0, 0, 0, 0],
      refused: [0, 0, 0, 0, 0, 1],
    });
  });
});
