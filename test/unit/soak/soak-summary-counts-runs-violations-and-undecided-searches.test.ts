import { describe, expect, it } from 'vitest';
import { formatSearch, formatTotals, summarize } from '../../../scripts/soak.mjs';

const pass = { seed: 10, status: 0, verdict: 'pass', numRuns: 100, reason: null, violated: [], wallMs: 51_000 };
const fail = {
  seed: 20,
  status: 1,
  verdict: 'fail',
  numRuns: 37,
  reason: null,
  violated: [
    { id: 'deadline', severity: 'error', replay: 'npx shutdown-check --target r.js --seed 20 --path 3:0' },
    { id: 'keepalive-race', severity: 'warning', replay: 'npx shutdown-check --target r.js --seed 21 --path 9' },
  ],
  wallMs: 30_000,
};
const warned = {
  ...pass,
  seed: 50,
  violated: [{ id: 'drain-connection-close', severity: 'warning', replay: 'npx shutdown-check --target r.js --seed 50 --path 1' }],
};
const unknown = { seed: 30, status: 3, verdict: 'error', numRuns: 100, reason: 'a run reached no verdict: no progress', violated: [], wallMs: 70_000 };
const killed = { seed: 40, status: null, verdict: null, numRuns: 0, reason: 'the search was killed by SIGTERM', violated: [], wallMs: 1_000 };

describe('the soak summary', () => {
  it('adds up the runs and passes with status 0 when every search passed', () => {
    expect(summarize([pass, pass])).toEqual({ runs: 200, violations: 0, warnings: 0, undecided: 0, status: 0 });
  });

  it('counts every violated invariant, errors and warnings apart, and fails with status 1 on any, whatever else happened', () => {
    expect(summarize([pass, unknown, fail])).toEqual({ runs: 237, violations: 1, warnings: 1, undecided: 1, status: 1 });
    expect(summarize([pass, warned])).toMatchObject({ violations: 0, warnings: 1, status: 1 });
  });

  it('does not count a search without a verdict as a pass: status 3', () => {
    expect(summarize([pass, unknown])).toMatchObject({ undecided: 1, status: 3 });
    expect(summarize([killed])).toMatchObject({ undecided: 1, status: 3 });
  });

  it('names the seeds of every runner of a search, and the replay command of each violated invariant', () => {
    expect(formatSearch(pass, 2)).toBe('seeds 10..11: pass, 100 runs, 51.0 s');
    expect(formatSearch(fail, 1)).toBe(
      'seed 20: fail, 37 runs, 30.0 s\n  deadline (error) replay: npx shutdown-check --target r.js --seed 20 --path 3:0' +
        '\n  keepalive-race (warning) replay: npx shutdown-check --target r.js --seed 21 --path 9',
    );
    expect(formatSearch(killed, 2)).toBe('seeds 40..41: no report, exit status null, 0 runs, 1.0 s\n  the search was killed by SIGTERM');
  });

  it('prints the totals and every seed', () => {
    expect(formatTotals([pass, unknown], { target: 'r.js', wallMs: 121_000 })).toBe(
      [
        'soak of r.js: 200 runs in 2 searches, 121.0 s',
        'violations: 0 · warnings: 0 · unknown (searches with a run that reached no verdict, or no report): 1',
        'seeds: 10, 30',
      ].join('\n'),
    );
  });
});
