/**
 * `shutdown-check merge`: the report of a whole search from the blobs of its shards. Shard i of n ran
 * the runners of one search of n × concurrency runners (run/shard.ts), so the shards' runs together
 * are that search's runs, and the merge judges them as that unsharded search would. Pure: the command
 * line reads the blobs and writes the report.
 */
import { reportOf } from './build.js';
import type { Counterexample, Report, RunResults } from './report.js';
import { BLOB_FILE, BLOB_FORMAT, type ShardBlob, type ShardCounterexample, type ShardedSearch } from './shard-blob.js';
import { failsTheRun } from '../checkers/verdict.js';

/** One blob as read, and where it was read from (a folder or a file), to name it in a refusal. */
export interface GivenBlob {
  source: string;
  blob: unknown;
}

/** The merged report, or the one line that says what is wrong with the blobs and what to do. */
export type Merged = { kind: 'merged'; report: Report } | { kind: 'refused'; line: string };

const AGAIN = 'run each shard of one search with --shard i/n and the same --seed, --runs, --concurrency, target and settings';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isInteger = (value: unknown): value is number => Number.isSafeInteger(value);

/** A blob's shape, as far as the merge reads it; what it finds wrong, or null. */
function blobProblem(value: unknown): string | null {
  if (!isObject(value)) return 'is not a shard blob';
  if (value.format !== BLOB_FORMAT) {
    return typeof value.format === 'string' && value.format.startsWith('shutdown-check shard blob') ? `has blob format '${value.format}', not '${BLOB_FORMAT}'` : 'is not a shard blob';
  }
  const search = value.search;
  if (!isObject(search) || !['seed', 'runs', 'concurrency', 'count'].every((k) => isInteger(search[k])) || !isObject(search.settings)) return 'has no search';
  if (!isInteger(value.index) || value.index < 1 || value.index > (search.count as number)) return 'has no shard index within its count';
  if (!Array.isArray(value.runs) || !Array.isArray(value.counterexamples) || typeof value.status !== 'string') return 'is cut short';
  const place = (p: unknown): boolean => isObject(p) && isInteger(p.seed) && isInteger(p.index);
  // A blob edited by hand or cut by a full disk must be refused here, not fail the merge halfway.
  if (!value.runs.every((r: unknown) => place(r) && Array.isArray((r as Record<string, unknown>).results))) return 'has a run without its place or verdicts';
  const whole = (c: unknown): boolean => isObject(c) && typeof c.invariant === 'string' && place(c.found) && Array.isArray(c.results) && isObject(c.counterexample);
  if (!value.counterexamples.every(whole)) return 'has a counterexample without its run, verdicts or scenario';
  return null;
}

/** JSON with the keys of every object in order, so that equal values give equal text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => value[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** What tells two searches apart, as the words a refusal names it by, or null when they are one search. */
function difference(a: ShardBlob, b: ShardBlob): string | null {
  const fields: [string, unknown, unknown][] = [
    ['seed', a.search.seed, b.search.seed],
    ['runs', a.search.runs, b.search.runs],
    ['concurrency', a.search.concurrency, b.search.concurrency],
    ['shard count', a.search.count, b.search.count],
    ['version of shutdown-check', a.version, b.version],
  ];
  const keys = [...new Set([...Object.keys(a.search.settings), ...Object.keys(b.search.settings)])];
  const setting = (key: string): unknown => (a.search.settings as unknown as Record<string, unknown>)[key];
  const other = (key: string): unknown => (b.search.settings as unknown as Record<string, unknown>)[key];
  for (const key of keys) fields.push([`setting ${key}`, setting(key), other(key)]);
  const differs = fields.find(([, x, y]) => canonical(x) !== canonical(y));
  return differs ? `${differs[0]} (${canonical(differs[1])} and ${canonical(differs[2])})` : null;
}

const shardName = (index: number, count: number): string => `${index}/${count}`;

/** The shards' blobs checked to be every part of one search, once each; the line saying why not. */
function checked(given: readonly GivenBlob[]): ShardBlob[] | string {
  if (given.length === 0) return `merge takes the folders the shards wrote (each with its ${BLOB_FILE}); give them all`;
  for (const { source, blob } of given) {
    const problem = blobProblem(blob);
    if (problem !== null) return `${source} ${problem}; pass the folders (or ${BLOB_FILE} files) that runs with --shard i/n wrote`;
  }
  const blobs = given.map((g) => g.blob as ShardBlob);
  const first = blobs[0] as ShardBlob;
  for (const [i, blob] of blobs.entries()) {
    const differs = difference(first, blob);
    if (differs !== null) return `${given[0]?.source} and ${given[i]?.source} are shards of different searches: their ${differs} differ; ${AGAIN}`;
  }
  const count = first.search.count;
  const seen = new Map<number, string>();
  for (const [i, blob] of blobs.entries()) {
    const source = given[i]?.source ?? '';
    const before = seen.get(blob.index);
    if (before !== undefined) return `shard ${shardName(blob.index, count)} is given twice (${before} and ${source}); give each shard once`;
    seen.set(blob.index, source);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((index) => !seen.has(index));
  if (missing.length > 0) {
    const names = missing.map((index) => shardName(index, count));
    const which = names.length === 1 ? `shard ${names[0]} is` : `shards ${names.join(', ')} are`;
    return `${which} missing; give the folders of all ${count} shards of the search (a shard that failed to run must be run again)`;
  }
  return [...blobs].sort((a, b) => a.index - b.index);
}

/** Runs in the unsharded search's order: runner by runner (by seed), each runner's runs in order. */
const byRun = (a: { seed: number; index: number }, b: { seed: number; index: number }): number => a.seed - b.seed || a.index - b.index;

/**
 * Each invariant's counterexample: when shards found it violated in several runners, the one from the
 * earliest search run (lowest index, then lowest runner seed), the run an unsharded search reaches first.
 */
function earliest(blobs: readonly ShardBlob[]): Map<string, ShardCounterexample> {
  const chosen = new Map<string, ShardCounterexample>();
  for (const c of blobs.flatMap((b) => b.counterexamples)) {
    const before = chosen.get(c.invariant);
    const earlier = before === undefined || c.found.index < before.found.index || (c.found.index === before.found.index && c.found.seed < before.found.seed);
    if (earlier) chosen.set(c.invariant, c);
  }
  return chosen;
}

/** The report of the search whose shards wrote these blobs, or why they cannot be merged. Pure. */
export function mergeShards(given: readonly GivenBlob[]): Merged {
  const blobs = checked(given);
  if (typeof blobs === 'string') return { kind: 'refused', line: blobs };
  const first = blobs[0] as ShardBlob;
  const search: ShardedSearch = first.search;
  const runs = blobs.flatMap((b) => b.runs).sort(byRun);
  const own = new Map<string, { results: RunResults; counterexample: Counterexample }>();
  for (const [invariant, c] of earliest(blobs)) own.set(invariant, { results: c.results, counterexample: c.counterexample });
  // As one search judges it: a violation that fails the run decides; else a part that reached no verdict.
  const fails = [...own].some(([id, c]) => failsTheRun(c.results.find((r) => r.id === id)?.severity, search.settings.strict));
  const undecided = blobs.find((b) => b.status === 'error');
  const status = fails ? 'failed' : undecided ? 'error' : 'passed';
  const reason = status === 'error' ? (undecided?.reason ?? 'a shard reached no verdict') : null;
  const report = reportOf({ status, reason, seed: search.seed, numRuns: runs.length, runs: runs.map((r) => r.results), own }, search.settings, first.version);
  return { kind: 'merged', report };
}
