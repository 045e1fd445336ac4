import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/report.js';
import { LONG, readReport, runCli, tempDir } from '../support/cli.js';
import { scenarioPath } from '../support/processes.js';

/** What a report says of each invariant, and of the search. */
function verdicts(report: Report) {
  return {
    verdict: report.verdict,
    seed: report.seed,
    numRuns: report.numRuns,
    invariants: report.invariants.map((i) => [i.id, i.severity, i.verdict, i.exercisedRuns, i.evidence.map((e) => e.message)]),
  };
}

/**
 * Runs `count` shards of a search and merges them, and runs the same search unsharded: the shards'
 * runners are those of one search with `count` runners, so that search takes --concurrency count.
 */
function shardedAndWhole(scenario: string, seed: number, runs: number, count: number, shardArgs: string[] = []) {
  const target = scenarioPath(scenario);
  const search = ['--target', target, '--seed', String(seed), '--runs', String(runs)];
  const shards = Array.from({ length: count }, (_, i) => {
    const out = tempDir();
    const result = runCli([...search, '--shard', `${i + 1}/${count}`, ...shardArgs, '--out', out]);
    return { out, ...result };
  });
  const mergedOut = tempDir();
  // Given out of order: the merge orders the shards itself.
  const merged = runCli(['merge', ...shards.map((s) => s.out).reverse(), '--out', mergedOut, '--reporter', 'pretty', '--reporter', 'junit', '--reporter', 'html', '--reporter', 'summary']);
  const wholeOut = tempDir();
  const whole = runCli([...search, '--concurrency', String(count), '--out', wholeOut]);
  return { shards, merged: { out: mergedOut, ...merged }, whole: { out: wholeOut, ...whole } };
}

describe('merged shards', () => {
  it(
    'of a failing search give the verdicts, exercised runs and exit status of the unsharded search, with each counterexample from a shard',
    () => {
      const { shards, merged, whole } = shardedAndWhole('exit-at-once.js', 7, 10, 2);
      for (const shard of shards) {
        expect(shard.status, shard.stderr).toBe(1);
        // A shard's report says which part it is; its blob, for the merge, is a file of its own.
        const own = readReport(shard.out);
        expect(own.shard).toEqual({ index: shards.indexOf(shard) + 1, count: 2 });
        expect(existsSync(path.join(shard.out, 'blob.json'))).toBe(true);
      }
      expect(merged.status, merged.stderr).toBe(1);
      expect(whole.status, whole.stderr).toBe(1);
      const report = readReport(merged.out);
      expect(verdicts(report)).toEqual(verdicts(readReport(whole.out)));
      expect(report.invariants.filter((i) => i.verdict === 'violated').map((i) => i.id)).toEqual(['in-flight-complete', 'stream-clean-end']);
      expect(report.shard).toBeUndefined();

      // Each counterexample is one a shard found and shrank, with its own replay command.
      const shardCounterexamples = shards.flatMap((s) => readReport(s.out).invariants.map((i) => i.counterexample)).filter((c) => c !== null);
      for (const invariant of report.invariants.filter((i) => i.verdict === 'violated')) {
        expect(shardCounterexamples).toContainEqual(invariant.counterexample);
        expect(merged.stdout).toContain(invariant.counterexample?.replay);
      }
      expect(report.replay).toBe(report.invariants[0]?.counterexample?.replay);

      // The same reporters' files a run writes, and stdout ending with the verdict and the files.
      for (const file of ['report.json', 'junit.xml', 'report.html', 'summary.md']) expect(existsSync(path.join(merged.out, file)), file).toBe(true);
      expect(readFileSync(path.join(merged.out, 'junit.xml'), 'utf8')).toMatch(/<testcase[^>]*name="in-flight-complete"[^>]*>\s*<failure/);
      expect(merged.stdout).toMatch(/verdict: fail\n\nreport: .*report\.json, .*junit\.xml, .*report\.html, .*summary\.md\n$/);
    },
    LONG,
  );

  it(
    'of a passing search pass with the unsharded search\'s exercised runs, and a shard\'s report.json leaves its blob out',
    () => {
      const { shards, merged, whole } = shardedAndWhole('reference.js', 3, 6, 3, ['--reporter', 'json']);
      // A shard's stdout is its report.json, which leaves the blob to blob.json.
      for (const [i, shard] of shards.entries()) {
        expect(shard.status, shard.stderr).toBe(0);
        expect((JSON.parse(shard.stdout) as Report).shard).toEqual({ index: i + 1, count: 3 });
        expect(JSON.parse(readFileSync(path.join(shard.out, 'blob.json'), 'utf8'))).toMatchObject({ index: i + 1, search: { seed: 3, runs: 6, count: 3 } });
      }
      expect(merged.status, merged.stderr).toBe(0);
      expect(whole.status, whole.stderr).toBe(0);
      expect(verdicts(readReport(merged.out))).toEqual(verdicts(readReport(whole.out)));
      expect(readReport(merged.out).numRuns).toBe(6);
    },
    LONG,
  );
});
