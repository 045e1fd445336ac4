// While a run executes, the target of the next run is already starting, and the target the search
// starts first, to learn what the target serves, is the first run's: a search of n runs starts n + 1
// targets in all (the last one is a spare no run took); every one of them, the spare too, is gone when
// the search returns. The spare is disposed of as the search ends, which on a busy machine can come
// before its program has run a line: so it is seen 0 or 1 times, never more.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { checkShutdown } from '../../src/index.js';
import { tempDir } from '../support/cli.js';
import { fixturePath, uniqueCopy } from '../support/processes.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

it("a search of 6 runs under the virtual clock starts 6 targets, the probe's among them, and at most 1 spare, and leaves none running", async () => {
  const target = uniqueCopy(fixturePath('logs-its-starts.js'));
  const log = path.join(tempDir(), 'starts.log');
  // The target inherits this worker's environment.
  process.env.STARTS_LOG = log;
  // Seed 3 draws 6 distinct scenarios: none is answered from the cache of scenarios already run. No
  // shrinking, whatever the verdict (this server's plain close() cuts some work): 6 runs, no more.
  const report = await checkShutdown({ target, runs: 6, seed: 3, shrinkRuns: 0 }).finally(() => delete process.env.STARTS_LOG);
  expect(report.numRuns).toBe(6);
  const pids = readFileSync(log, 'utf8').trim().split('\n').map((line) => Number(/^boot (\d+)$/.exec(line)?.[1]));
  expect(pids.every((pid) => pid > 0)).toBe(true);
  expect(pids.length).toBeGreaterThanOrEqual(6);
  expect(pids.length).toBeLessThanOrEqual(7);
  expect(pids.filter(alive)).toEqual([]);
});
