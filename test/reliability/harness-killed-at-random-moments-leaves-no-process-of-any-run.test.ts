/**
 * Whenever the harness is ended — starting, probing, launching a target, mid-run, after a target
 * exited on its own, disposing of a run — no process of any of its runs is left: not the targets, not
 * their forked children, the sleeps in their groups or the grandchildren in sessions of their own.
 *
 * The moments are drawn from a seeded generator; the seed is printed, and ORPHAN_SEED=<seed> draws
 * the same moments again (the harness is as fast as the machine lets it be, so the same moment may
 * fall in another phase of the search).
 */
import { describe, expect, it } from 'vitest';
import { LONG } from '../support/cli.js';
import { describeLeft, leftAfterwards, leftNow, seededRandom, startHarness, until, type TargetKind } from './orphans.js';

const seed = process.env.ORPHAN_SEED !== undefined ? Number(process.env.ORPHAN_SEED) : Math.floor(Math.random() * 2 ** 31);
console.log(`orphan moments: seed ${seed} (ORPHAN_SEED=${seed} draws them again)`);
const random = seededRandom(seed);

/** Up to this long after the harness starts: over its start-up, the probe and the first runs. */
const LATEST_MS = 6000;

const cases: { kind: TargetKind; concurrency: number }[] = [
  { kind: 'node', concurrency: 1 },
  { kind: 'node', concurrency: 1 },
  { kind: 'node', concurrency: 2 },
  { kind: 'cmd', concurrency: 1 },
  { kind: 'cmd', concurrency: 2 },
];

const signals = ['SIGKILL', 'SIGTERM', 'SIGINT'] as const;
// Drawn here, in one order, so that a seed gives the same moments whichever tests run.
const moments = signals.map((signal) => cases.map((c) => ({ ...c, signal, atMs: Math.round(random() * LATEST_MS) })));

describe.each(signals.map((signal, i) => [signal, moments[i] ?? []] as const))('the harness ended by %s at a random moment', (_signal, drawn) => {
  it.each(drawn)('$kind target, --concurrency $concurrency, at $atMs ms: no process of any run is left', async ({ kind, concurrency, signal, atMs }) => {
    const h = startHarness(kind, concurrency);
    try {
      const killAt = Date.now() + atMs;
      expect(await until(() => (h.look(), Date.now() >= killAt))).toBe(true);
      const alive = leftNow(h).byEnvironment.length;
      h.harness.kill(signal);
      expect(await h.exited).toBe(signal);
      const left = await leftAfterwards(h);
      console.log(
        `seed ${seed}: ${signal} at ${atMs} ms, ${kind} target, --concurrency ${concurrency}: ` +
          `${h.seenTargets.size} targets seen, ${alive} processes of its runs alive at the kill; left: ${describeLeft(left)}`,
      );
      expect(left).toEqual({ byEnvironment: [], byGroup: [], byCommandLine: [] });
    } finally {
      // A failed expectation must not leave the harness's search running into the next tests.
      h.harness.kill('SIGKILL');
    }
  }, LONG);
});
