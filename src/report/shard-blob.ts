/**
 * What a shard of a search (`--shard i/n`) leaves for `shutdown-check merge`: blob.json. A shard's own
 * verdicts are over its part alone, so the blob keeps what the merge needs to judge the whole search as
 * one unsharded search would — every search run's verdicts with its runner's seed and index, and each
 * invariant the shard saw violated with its shrunk counterexample and the run that found it — and the
 * search it is part of, so that the merge can refuse parts of different searches. Pure.
 */
import type { PropertyResult } from '../run/property.js';
import type { Shard } from '../run/shard.js';
import { counterexampleOf } from './build.js';
import type { Counterexample, RunResults, SearchSettings } from './report.js';

/** The first field of every blob: what the file is and the version of its layout. */
export const BLOB_FORMAT = 'shutdown-check shard blob 1';

/** The file a shard writes next to its report.json. */
export const BLOB_FILE = 'blob.json';

/** The search a shard is part of: the same in every shard of it, and nothing else is. */
export interface ShardedSearch {
  seed: number;
  /** the whole search's runs, over every shard */
  runs: number;
  /** runners per shard */
  concurrency: number;
  /** how many shards the search was cut into */
  count: number;
  settings: SearchSettings;
}

/** One search run of a shard: which it is in the whole search, and its verdicts. */
export interface ShardRun {
  /** its runner's seed */
  seed: number;
  /** its index in that seed's stream (fast-check's path `index`) */
  index: number;
  results: RunResults;
}

/** One invariant's counterexample as a shard found it. */
export interface ShardCounterexample {
  invariant: string;
  /** the search run that first violated it: its runner's seed and index */
  found: { seed: number; index: number };
  /** the verdicts of the shrunk run */
  results: RunResults;
  counterexample: Counterexample;
}

/** blob.json. */
export interface ShardBlob {
  format: typeof BLOB_FORMAT;
  /** the version of shutdown-check that wrote it */
  version: string;
  /** which part, from 1 */
  index: number;
  search: ShardedSearch;
  /** this part's own outcome; `error` when a run reached no verdict (`reason` says why) */
  status: PropertyResult['status'];
  reason: string | null;
  /** the part's search runs, runner by runner, each runner's in order */
  runs: ShardRun[];
  /** one per invariant the part saw violated */
  counterexamples: ShardCounterexample[];
}

/** What a shard's report adds: which part it is, and (in memory, not in report.json) its blob. */
export interface ShardPart extends Shard {
  blob?: ShardBlob;
}

/** The blob of a shard's finished search. */
export function shardBlob(shard: Shard, search: Omit<ShardedSearch, 'count'>, result: PropertyResult, version: string): ShardBlob {
  const runs: ShardRun[] = [];
  for (const trial of result.trials) {
    if (trial.phase === 'search' && trial.run) runs.push({ ...trial.run, results: trial.report.results });
  }
  return {
    format: BLOB_FORMAT,
    version,
    index: shard.index,
    search: { ...search, count: shard.count },
    status: result.status,
    reason: result.status === 'error' ? result.reason : null,
    runs,
    counterexamples: result.counterexamples.map((found) => ({
      invariant: found.invariant,
      // A shrunk path walks on from the search run that failed: its first step is that run's index.
      found: { seed: found.seed, index: Number(found.path.split(':')[0]) },
      results: found.trial.report.results,
      counterexample: counterexampleOf(found, search.settings),
    })),
  };
}
