import { describe, expect, it } from 'vitest';
import { mergeShards, type GivenBlob } from '../../../src/report/merge.js';
import type { Counterexample, RunResults, SearchSettings } from '../../../src/report/report.js';
import { BLOB_FORMAT, type ShardBlob, type ShardCounterexample } from '../../../src/report/shard-blob.js';

const SETTINGS: SearchSettings = {
  target: 'servers/api.js',
  clock: 'virtual',
  graceMs: 10_000,
  signal: 'SIGTERM',
  profile: 'immediate',
  clients: ['keep-alive', 'slow'],
  strict: false,
  config: null,
};

/** One run's verdicts: in-flight-complete (error), keepalive-race (warning), websocket-going-away (error). */
function run(inFlight: 'holds' | 'violated' | 'not-exercised', race: 'holds' | 'violated' | 'not-exercised' = 'not-exercised'): RunResults {
  const verdict = (v: typeof inFlight, what: string): RunResults[number]['verdict'] =>
    v === 'holds' ? { verdict: 'holds' } : v === 'violated' ? { verdict: 'violated', evidence: [{ message: `${what} was cut`, events: [] }] } : { verdict: 'not-exercised', reason: `no ${what}` };
  return [
    { id: 'in-flight-complete', severity: 'error', verdict: verdict(inFlight, 'request in flight') },
    { id: 'keepalive-race', severity: 'warning', verdict: verdict(race, 'idle connection') },
    { id: 'websocket-going-away', severity: 'error', verdict: { verdict: 'not-exercised', reason: 'no WebSocket open at the signal' } },
  ];
}

function counterexample(seed: number, path: string): Counterexample {
  return {
    seed,
    path,
    focus: [],
    shrunk: true,
    scenario: { clients: [{ kind: 'slow', id: 'A', at: 0, latencyMs: 10 }], signal: 'SIGTERM', signalAt: 0, graceMs: 10_000, profile: 'immediate' },
    steps: ['A (slow) sends a request answered after 10 ms, at 0 ms'],
    history: [],
    historyHash: `hash-${seed}-${path}`,
    replay: `npx shutdown-check --target servers/api.js --seed ${seed} --path ${path}`,
  };
}

function found(invariant: string, seed: number, index: number, results: RunResults): ShardCounterexample {
  return { invariant, found: { seed, index }, results, counterexample: counterexample(seed, `${index}:0`) };
}

/** Shard `index` of 2 of a search of 8 runs from seed 10, one runner per shard: its runner's seed is 9 + index. */
function blob(index: number, runs: RunResults[], counterexamples: ShardCounterexample[], more: Partial<ShardBlob> = {}): ShardBlob {
  const seed = 9 + index;
  return {
    format: BLOB_FORMAT,
    version: '0.1.0',
    index,
    search: { seed: 10, runs: 8, concurrency: 1, count: 2, settings: SETTINGS },
    status: counterexamples.some((c) => c.invariant === 'in-flight-complete') ? 'failed' : 'passed',
    reason: null,
    runs: runs.map((results, i) => ({ seed, index: i, results })),
    counterexamples,
    ...more,
  };
}

const given = (...blobs: unknown[]): GivenBlob[] => blobs.map((b, i) => ({ source: `shard-${i + 1}`, blob: b }));

const SHARD_1 = blob(1, [run('holds'), run('holds', 'holds'), run('not-exercised'), run('violated')], [found('in-flight-complete', 10, 3, run('violated'))]);
const SHARD_2 = blob(2, [run('violated', 'violated'), run('holds'), run('not-exercised'), run('holds')], [
  found('in-flight-complete', 11, 0, run('violated', 'violated')),
  found('keepalive-race', 11, 0, run('violated', 'violated')),
]);

function merged(...blobs: unknown[]) {
  const result = mergeShards(given(...blobs));
  if (result.kind !== 'merged') throw new Error(result.line);
  return result.report;
}

describe('merging the blobs of every shard', () => {
  it('judges the runs of all shards together: verdicts, exercised counts, runs and the search seed', () => {
    const report = merged(SHARD_1, SHARD_2);
    expect(report.verdict).toBe('fail');
    expect(report.seed).toBe(10);
    expect(report.numRuns).toBe(8);
    expect(report.shard).toBeUndefined();
    expect(report.invariants.map((i) => [i.id, i.verdict, i.exercisedRuns])).toEqual([
      ['in-flight-complete', 'violated', 6],
      ['keepalive-race', 'violated', 2],
      ['websocket-going-away', 'not-exercised', 0],
    ]);
    expect(report.invariants[2]?.evidence).toEqual([{ message: 'no WebSocket open at the signal', events: [] }]);
  });

  it('keeps, of an invariant violated in two shards, the counterexample of the earliest run, whatever the order given', () => {
    const report = merged(SHARD_1, SHARD_2);
    // Shard 2's runner found it at run 0, shard 1's only at run 3.
    expect(report.invariants[0]?.counterexample?.seed).toBe(11);
    expect(report.invariants[0]?.counterexample?.path).toBe('0:0');
    expect(report.counterexample).toEqual(report.invariants[0]?.counterexample);
    expect(report.replay).toBe('npx shutdown-check --target servers/api.js --seed 11 --path 0:0');
    expect(merged(SHARD_2, SHARD_1)).toEqual(report);
  });

  it('breaks a tie of run index by the lower runner seed', () => {
    const first = blob(1, [run('violated')], [found('in-flight-complete', 10, 0, run('violated'))]);
    const second = blob(2, [run('violated')], [found('in-flight-complete', 11, 0, run('violated'))]);
    expect(merged(second, first).invariants[0]?.counterexample?.seed).toBe(10);
  });

  it('passes when only a warning is violated, and fails under strict', () => {
    const race = [found('keepalive-race', 11, 0, run('holds', 'violated'))];
    expect(merged(blob(1, [run('holds')], []), blob(2, [run('holds', 'violated')], race)).verdict).toBe('pass');
    const strict = { search: { seed: 10, runs: 8, concurrency: 1, count: 2, settings: { ...SETTINGS, strict: true } } };
    const report = merged(blob(1, [run('holds')], [], strict), blob(2, [run('holds', 'violated')], race, strict));
    expect(report.verdict).toBe('fail');
    expect(report.counterexample?.seed).toBe(11);
  });

  it('reaches no verdict when a shard reached none and no violation fails the run', () => {
    const undecided = blob(2, [run('holds')], [], { status: 'error', reason: 'a run reached no verdict: the clock stalled' });
    const report = merged(blob(1, [run('holds')], []), undecided);
    expect(report.verdict).toBe('error');
    expect(report.reason).toBe('a run reached no verdict: the clock stalled');
    expect(merged(SHARD_1, { ...SHARD_2, status: 'error', reason: 'stalled' }).verdict).toBe('fail');
  });
});

describe('merge refuses', () => {
  const refusal = (...blobs: unknown[]): string => {
    const result = mergeShards(given(...blobs));
    if (result.kind !== 'refused') throw new Error('merged');
    return result.line;
  };

  it('a missing shard, naming it', () => {
    expect(refusal(SHARD_2)).toBe('shard 1/2 is missing; give the folders of all 2 shards of the search (a shard that failed to run must be run again)');
    const four = (index: number): ShardBlob => ({ ...blob(index, [], []), search: { ...SHARD_1.search, count: 4 } });
    expect(refusal(four(2), four(4))).toMatch(/^shards 1\/4, 3\/4 are missing;/);
  });

  it('a shard given twice', () => {
    expect(refusal(SHARD_1, SHARD_2, SHARD_1)).toBe('shard 1/2 is given twice (shard-1 and shard-3); give each shard once');
  });

  it('shards of different searches, naming what differs', () => {
    expect(refusal(SHARD_1, { ...SHARD_2, search: { ...SHARD_2.search, seed: 11 } })).toMatch(/^shard-1 and shard-2 are shards of different searches: their seed \(10 and 11\) differ; run each shard/);
    const other = { ...SHARD_2, search: { ...SHARD_2.search, settings: { ...SETTINGS, graceMs: 5000 } } };
    expect(refusal(SHARD_1, other)).toMatch(/their setting graceMs \(10000 and 5000\) differ/);
    expect(refusal(SHARD_1, { ...SHARD_2, search: { ...SHARD_2.search, count: 3 } })).toMatch(/their shard count \(2 and 3\) differ/);
    expect(refusal(SHARD_1, { ...SHARD_2, version: '0.2.0' })).toMatch(/their version of shutdown-check \("0.1.0" and "0.2.0"\) differ/);
  });

  it('what is not a blob, and nothing at all', () => {
    expect(refusal(SHARD_1, { tool: { name: 'shutdown-check' } })).toBe('shard-2 is not a shard blob; pass the folders (or blob.json files) that runs with --shard i/n wrote');
    expect(refusal(SHARD_1, { ...SHARD_2, format: 'shutdown-check shard blob 9' })).toMatch(/^shard-2 has blob format 'shutdown-check shard blob 9'/);
    expect(refusal(SHARD_1, { ...SHARD_2, index: 3 })).toMatch(/^shard-2 has no shard index within its count/);
    expect(refusal(SHARD_1, { ...SHARD_2, runs: [{ seed: 11, index: 0 }] })).toMatch(/^shard-2 has a run without its place or verdicts;/);
    expect(refusal(SHARD_1, { ...SHARD_2, counterexamples: [{ invariant: 'in-flight-complete' }] })).toMatch(/^shard-2 has a counterexample without its run, verdicts or scenario;/);
    expect(refusal()).toMatch(/^merge takes the folders the shards wrote/);
  });
});
