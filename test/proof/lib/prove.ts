/**
 * The proof suite's one procedure: run the default search of shutdown-check against a real server and
 * compare each invariant's verdict with the ground truth the hand probe took
 * (test/fixtures/real-servers/README.md). Each test file holds its fixture's expectations in one table;
 * this file runs the search once per file, prints what it found, and gives one test per expectation.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkShutdown } from '../../../src/api/check-shutdown.js';
import type { Report } from '../../../src/report/report.js';

/** The folder of the real servers and their configs. */
export const REAL_SERVERS = path.join('test', 'fixtures', 'real-servers');

/**
 * What the hand probe supports for one invariant: `violated` (it saw the violation), `holds` (it
 * exercised the invariant and saw it kept), `not-exercised` (the server has nothing that exercises it,
 * such as a WebSocket endpoint). `probe-undecided` is not a verdict: the probe could not tell (the
 * keep-alive race was not hit in its run); the tool's verdict is printed and not asserted.
 */
export type ProbeVerdict = 'holds' | 'violated' | 'not-exercised' | 'probe-undecided';

/** The invariants the probe judged, in the catalogue's order, `no-shutdown-5xx` last. */
export const PROBED_INVARIANTS = [
  'in-flight-complete',
  'no-accept-then-drop',
  'deadline',
  'clean-exit',
  'websocket-going-away',
  'stream-clean-end',
  'drain-connection-close',
  'keepalive-race',
  'no-shutdown-5xx',
] as const;

export type ProbedInvariant = (typeof PROBED_INVARIANTS)[number];

/** One fixture's expectations: every probed invariant, each with the observation behind it. */
export type Expectations = Record<ProbedInvariant, { verdict: ProbeVerdict; seen: string }>;

/** The search's settings, the same for every fixture: the default search at the budget CI affords. */
export const RUNS = 100;
export const SEED = 1;

/** A generous start-up limit: on the shared 2-core machine a start has taken over 10 s. */
const STARTUP_TIMEOUT = '60s';
/** A bound on one whole search (100 runs, then shrinking), far above what one takes. */
const SEARCH_TIMEOUT_MS = 30 * 60 * 1000;


/**
 * Runs the search against `fixture` (a file in test/fixtures/real-servers, with its config beside it
 * as `<name>.config.json`) and declares one test per asserted expectation.
 */
export function proveAgainstProbe(fixture: string, expected: Expectations): void {
  const target = path.join(REAL_SERVERS, `${fixture}.js`);
  const config = path.join(REAL_SERVERS, `${fixture}.config.json`);
  let report: Report | undefined;
  let failure: unknown;
  let wallMs = 0;
  let runs = 0;

  describe(`${fixture}: the default search (${RUNS} runs, seed ${SEED}) gives the hand probe's verdicts`, () => {
    beforeAll(async () => {
      const start = performance.now();
      try {
        report = await checkShutdown({
          target,
          config,
          runs: RUNS,
          seed: SEED,
          // Shrinking never changes a verdict (only the search's own runs find violations); without it
          // each counterexample is the run that found it, and its path says which run that was.
          shrinkRuns: 0,
          startupTimeout: STARTUP_TIMEOUT,
          onProgress: (progress) => (runs = progress.runs + progress.shrinkRuns),
          onDroppedKind: (dropped) => console.log(`${fixture}: no ${dropped.kind} clients: ${dropped.why}`),
          onNotice: (message) => console.log(`${fixture}: ${message}`),
        });
      } catch (error) {
        failure = error;
      }
      wallMs = performance.now() - start;
    }, SEARCH_TIMEOUT_MS);

    afterAll(() => {
      console.log(summary(fixture, report, expected, wallMs, runs, failure));
    });

    it('the search reaches a report', () => {
      expect(failure).toBeUndefined();
      expect(report?.numRuns).toBeGreaterThan(0);
    });

    for (const id of PROBED_INVARIANTS) {
      const { verdict, seen } = expected[id];
      if (verdict === 'probe-undecided') continue;
      it(`${id}: ${verdict} (the probe: ${seen})`, () => {
        expect(report, 'the search gave no report').toBeDefined();
        const entry = report?.invariants.find((i) => i.id === id);
        expect(entry?.verdict ?? `no verdict for ${id}`).toBe(verdict);
      });
    }
  });
}

/** One block of text per fixture: each invariant's verdict beside the probe's, and the search's cost. */
function summary(fixture: string, report: Report | undefined, expected: Expectations, wallMs: number, runs: number, failure: unknown): string {
  const lines = [`proof ${fixture}: wall time ${(wallMs / 1000).toFixed(1)} s, ${runs} runs`];
  if (failure !== undefined) lines.push(`  the search failed: ${failure instanceof Error ? failure.message : String(failure)}`);
  if (report) lines.push(`  report: verdict ${report.verdict}, ${report.numRuns} runs${report.reason ? `, ${report.reason}` : ''}`);
  for (const id of PROBED_INVARIANTS) {
    const entry = report?.invariants.find((i) => i.id === id);
    const got = entry?.verdict ?? '(none)';
    const want = expected[id].verdict;
    const mark = want === 'probe-undecided' ? '  ?' : got === want ? ' ok' : 'BAD';
    const found = entry?.counterexample ? Number(entry.counterexample.path.split(':')[0]) + 1 : null;
    const counts = [
      entry ? `exercised in ${entry.exercisedRuns} runs` : null,
      found !== null ? `first violated in run ${found}` : null,
    ].filter((c) => c !== null);
    lines.push(`  ${mark} ${id.padEnd(24)} tool ${got.padEnd(14)} probe ${want}${counts.length ? ` (${counts.join(', ')})` : ''}`);
  }
  return lines.join('\n');
}
