import { describe, expect, it } from 'vitest';
import { SHRINK_MIN_MS, SHRINK_WALL_FACTOR, shrinkBudgetMs } from '../../../src/run/shrink-budget.js';

describe('the shrink budget', () => {
  it('is unbounded in time under the virtual clock, where a run costs milliseconds', () => {
    expect(shrinkBudgetMs(undefined, false, 50_000)).toBe(Infinity);
  });

  it("is a multiple of the failing run's wall time under the real clock, with a floor", () => {
    expect(shrinkBudgetMs(undefined, true, 10_000)).toBe(SHRINK_WALL_FACTOR * 10_000);
    expect(shrinkBudgetMs(undefined, true, 10)).toBe(SHRINK_MIN_MS);
  });

  it('is what it is given, under either clock', () => {
    expect(shrinkBudgetMs(1500, true, 10_000)).toBe(1500);
    expect(shrinkBudgetMs(1500, false, 10_000)).toBe(1500);
  });
});
