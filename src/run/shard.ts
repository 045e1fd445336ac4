/**
 * How a search is cut into runners, and into shards run on different machines. A search of R runs
 * from seed S with `concurrency` k has k runners: runner j searches from seed S + j and makes its share
 * of the runs, floor(R / k) plus one for the first R mod k runners. Shard i of n is the runners
 * (i-1)·k … i·k-1 of that search made with n·k runners: so the n shards together are exactly the runners
 * of one unsharded search with `concurrency` n·k, with the same seeds and the same shares. Pure.
 */

/** Part `index` of `count`, from 1. */
export interface Shard {
  index: number;
  count: number;
}

/** One runner: its seed's offset from the search's seed, and its share of the search's runs. */
export interface RunnerPlan {
  offset: number;
  runs: number;
}

const SHARD_TEXT = /^(\d+)\/(\d+)$/;

/** `i/n` read, or null when it is not one with 1 ≤ i ≤ n. */
export function parseShard(text: string): Shard | null {
  const match = SHARD_TEXT.exec(text.trim());
  if (!match) return null;
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(count) || index < 1 || index > count) return null;
  return { index, count };
}

/** Why `text` is not a shard, as the phrase after it in a refusal, or null when it is one. */
export function shardProblem(text: string): string | null {
  return parseShard(text) === null ? 'is not a shard; use i/n with 1 ≤ i ≤ n, e.g. 1/4' : null;
}

export function shardText(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}

/**
 * The runners of a search of `numRuns` runs with `concurrency` runners (per shard, when sharded): the
 * whole search's, or shard `shard`'s. A runner whose share is no run is left out, as a search of fewer
 * runs than runners has only as many runners as runs.
 */
export function searchRunners(numRuns: number, concurrency: number, shard?: Shard): RunnerPlan[] {
  const perShard = Math.max(1, concurrency);
  const total = perShard * (shard?.count ?? 1);
  const first = perShard * ((shard?.index ?? 1) - 1);
  const runners: RunnerPlan[] = [];
  for (let offset = first; offset < first + perShard; offset++) {
    const runs = Math.floor(numRuns / total) + (offset < numRuns % total ? 1 : 0);
    if (runs > 0) runners.push({ offset, runs });
  }
  return runners;
}

/**
 * The fewest runs with which every one of `count` shards of `concurrency` runners has a run: the last
 * shard's first runner is runner (count-1)·concurrency, which has a run only when the runs outnumber it.
 */
export function fewestShardedRuns(count: number, concurrency: number): number {
  return (count - 1) * Math.max(1, concurrency) + 1;
}
