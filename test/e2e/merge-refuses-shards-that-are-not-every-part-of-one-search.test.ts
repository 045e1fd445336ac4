import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectUsageError, LONG, runCli, tempDir } from '../support/cli.js';
import { scenarioPath } from '../support/processes.js';

const TARGET = scenarioPath('reference.js');

/** The --out folder of one shard of a two-run search of the reference strategy. */
function shard(seed: number, index: number, count = 2): string {
  const out = tempDir();
  const result = runCli(['--target', TARGET, '--seed', String(seed), '--runs', '2', '--shard', `${index}/${count}`, '--out', out]);
  expect(result.status, result.stderr).toBe(0);
  return out;
}

describe('merge refuses, with exit status 2, one line and no report written', () => {
  let first: string;
  let second: string;
  let otherSeed: string;
  beforeAll(() => {
    first = shard(5, 1);
    second = shard(5, 2);
    otherSeed = shard(6, 2);
  }, LONG);

  const merge = (...args: string[]) => {
    const out = tempDir();
    const result = runCli(['merge', ...args, '--out', out]);
    expect(existsSync(path.join(out, 'report.json'))).toBe(false);
    return result;
  };

  it('a missing shard, naming it', () => {
    expectUsageError(merge(first), /^shutdown-check: shard 2\/2 is missing; give the folders of all 2 shards of the search/);
  });

  it('a shard given twice', () => {
    expectUsageError(merge(first, second, first), /shard 1\/2 is given twice \(.* and .*\); give each shard once/);
  });

  it('shards of different searches, naming what differs', () => {
    expectUsageError(merge(first, otherSeed), /are shards of different searches: their seed \(5 and 6\) differ; run each shard of one search/);
  });

  it('a folder with no blob, and a blob that is not JSON', () => {
    expectUsageError(merge(first, tempDir()), /cannot read .*blob\.json \(ENOENT: no such file or directory\); give the --out folder of each shard/);
    const broken = tempDir();
    copyFileSync(path.join(second, 'report.json'), path.join(broken, 'report.json'));
    writeFileSync(path.join(broken, 'blob.json'), '{"format": ');
    expectUsageError(merge(first, broken), /blob\.json is not JSON/);
    // report.json is a shard's report, not its blob.
    expectUsageError(merge(first, path.join(second, 'report.json')), /report\.json is not a shard blob; pass the folders/);
  });

  it('no folders at all', () => {
    expectUsageError(runCli(['merge']), /^shutdown-check: merge takes the --out folders of the shards/);
  });

  it('but merges the same shards given once each, in any order', () => {
    const out = tempDir();
    const result = runCli(['merge', second, first, '--out', out, '--reporter', 'json']);
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ verdict: 'pass', seed: 5, numRuns: 2 });
  });
});

describe('--shard is refused with exit status 2 and one line', () => {
  it('without --seed, or beside --path, or not i/n, or with fewer runs than shards', () => {
    expectUsageError(runCli(['--target', TARGET, '--shard', '1/2']), /--shard 1\/2 needs --seed: every shard of a search must search from the same seed/);
    expectUsageError(runCli(['--target', TARGET, '--shard', '3/2', '--seed', '1']), /--shard.*3\/2.*is not a shard; use i\/n with 1 ≤ i ≤ n/);
    expectUsageError(runCli(['--target', TARGET, '--shard', '1/2', '--seed', '1', '--path', '0']), /--shard 1\/2 is part of a search, and --path replays one scenario/);
    expectUsageError(runCli(['--target', TARGET, '--shard', '1/3', '--seed', '1', '--runs', '2']), /--runs 2 leaves shard 3\/3 without a run; give --runs 3 or more, or fewer shards/);
    expectUsageError(runCli(['compare', TARGET, '--shard', '1/2']), /--shard cuts one target's search: use it with run, not compare/);
  });
});
