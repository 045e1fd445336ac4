import { describe, expect, it } from 'vitest';
import { fewestShardedRuns, parseShard, searchRunners } from '../../../src/run/shard.js';

describe('the shards of a search', () => {
  it('together run the runners of the unsharded search with n × concurrency runners, with their seeds and shares', () => {
    const whole = searchRunners(23, 6);
    const shards = [1, 2, 3].flatMap((index) => searchRunners(23, 2, { index, count: 3 }));
    expect(shards).toEqual(whole);
    expect(whole.map((r) => r.runs)).toEqual([4, 4, 4, 4, 4, 3]);
    expect(searchRunners(23, 2, { index: 2, count: 3 })).toEqual([
      { offset: 2, runs: 4 },
      { offset: 3, runs: 4 },
    ]);
  });

  it('leave out a runner with no run, and need enough runs for the last shard to have one', () => {
    expect(searchRunners(3, 2, { index: 2, count: 2 })).toEqual([{ offset: 2, runs: 1 }]);
    expect(searchRunners(3, 2, { index: 1, count: 2 })).toEqual([
      { offset: 0, runs: 1 },
      { offset: 1, runs: 1 },
    ]);
    expect(fewestShardedRuns(4, 2)).toBe(7);
    expect(searchRunners(7, 2, { index: 4, count: 4 })).toEqual([{ offset: 6, runs: 1 }]);
    expect(searchRunners(6, 2, { index: 4, count: 4 })).toEqual([]);
  });

  it('are named i/n with 1 ≤ i ≤ n', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/4', '5/4', '2', '2/4/1', 'a/b', '-1/4', '1.5/4']) expect(parseShard(bad)).toBeNull();
  });
});
