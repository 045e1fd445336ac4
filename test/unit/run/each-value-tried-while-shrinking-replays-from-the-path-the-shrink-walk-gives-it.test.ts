import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ShrinkWalk } from '../../../src/run/shrink-walk.js';

describe('the shrink walk', () => {
  it('gives the start its own path, later values of its stream the next indexes, and each failure\'s shrinks its path and their index', () => {
    const walk = new ShrinkWalk('3:1');
    expect(walk.failure).toBeNull();
    expect(walk.next()).toBe('3:1');
    expect(walk.next()).toBe('3:2');
    walk.fail();
    expect(walk.failure).toBe('3:2');
    expect([walk.next(), walk.next(), walk.next()]).toEqual(['3:2:0', '3:2:1', '3:2:2']);
    walk.fail();
    expect([walk.next(), walk.next()]).toEqual(['3:2:2:0', '3:2:2:1']);
    expect(walk.failure).toBe('3:2:2');
  });

  it('refuses a failure before any value was tried', () => {
    expect(() => new ShrinkWalk('0').fail()).toThrow(/before any value/);
  });

  // The walk follows fast-check's own bookkeeping, so it is checked against fast-check itself: every
  // value a shrink tries, replayed alone from its seed and the walk's path, is that same value.
  it('names, for every value fast-check tries while shrinking, a path whose replay is that value', async () => {
    const arbitrary = fc.array(fc.record({ at: fc.integer({ min: 0, max: 200 }), ms: fc.integer({ min: 0, max: 3000 }) }), { maxLength: 8 });
    const fails = (value: { at: number; ms: number }[]): boolean => value.filter((c) => c.ms > 1000).length >= 2;
    const seed = 42;
    const found = await fc.check(fc.asyncProperty(arbitrary, async (value) => !fails(value)), { seed, numRuns: 200, endOnFailure: true });
    expect(found.failed).toBe(true);
    const start = String(found.counterexamplePath?.split(':')[0]);

    const walk = new ShrinkWalk(start);
    const tried: { path: string; value: unknown }[] = [];
    const shrunk = await fc.check(
      fc.asyncProperty(arbitrary, async (value) => {
        tried.push({ path: walk.next(), value });
        if (!fails(value)) return true;
        walk.fail();
        return false;
      }),
      { seed, path: start, numRuns: 1 },
    );
    expect(shrunk.failed).toBe(true);
    expect(walk.failure).toBe(shrunk.counterexamplePath);
    // Values that pass as well as values that fail: the walk is for the runs that saw something else.
    expect(tried.filter((t) => !fails(t.value as { at: number; ms: number }[])).length).toBeGreaterThan(0);
    for (const { path, value } of tried) {
      let first: unknown;
      let calls = 0;
      await fc.check(
        fc.asyncProperty(arbitrary, async (v) => {
          if (calls++ === 0) first = v;
          return true;
        }),
        { seed, path, numRuns: 1 },
      );
      expect(first, path).toEqual(value);
    }
  });
});
