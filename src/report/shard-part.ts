/**
 * What a shard's report.json adds to a report: which part of which search it is, and what merging needs
 * beyond each invariant's verdict over this part — how often each reason was given for not exercising
 * an invariant, since an invariant no shard exercised is told with the reason the runs of all shards
 * gave most often. Pure.
 */
import type { Trial } from '../run/property.js';
import type { RunnerPlan, Shard } from '../run/shard.js';

/** This shard of a search cut into `count` shards (see run/shard.ts). */
export interface ShardPart extends Shard {
  /** the whole search's runs, over every shard */
  runs: number;
  /** runners per shard: the whole search had count × concurrency runners */
  concurrency: number;
  /** this shard's runners: each one's seed and its share of the runs */
  runners: { seed: number; runs: number }[];
  /**
   * per invariant, each reason this shard's search runs gave for not exercising it, with how many runs
   * gave it, in the order first given
   */
  notExercised: Record<string, [reason: string, runs: number][]>;
}

/** The shard part of a report, from the search runs of the shard. */
export function shardPart(shard: Shard, search: { seed: number; runs: number; concurrency: number }, runners: readonly RunnerPlan[], trials: readonly Trial[]): ShardPart {
  const counts = new Map<string, Map<string, number>>();
  for (const trial of trials) {
    if (trial.phase !== 'search') continue;
    for (const result of trial.report.results) {
      if (result.verdict.verdict !== 'not-exercised') continue;
      const reasons = counts.get(result.id) ?? new Map<string, number>();
      reasons.set(result.verdict.reason, (reasons.get(result.verdict.reason) ?? 0) + 1);
      counts.set(result.id, reasons);
    }
  }
  const notExercised: ShardPart['notExercised'] = {};
  for (const [id, reasons] of counts) notExercised[id] = [...reasons];
  return {
    index: shard.index,
    count: shard.count,
    runs: search.runs,
    concurrency: search.concurrency,
    runners: runners.map((r) => ({ seed: search.seed + r.offset, runs: r.runs })),
    notExercised,
  };
}

/** The name of a shard's own copy of its report.json, unique among the shards of a search. */
export function shardFileName(shard: Shard): string {
  return `shard-${shard.index}-of-${shard.count}.json`;
}
