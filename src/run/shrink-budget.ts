/**
 * How long the shrinking of one invariant's counterexample may take, in real ms. Pure.
 *
 * Under the virtual clock a shrink run costs what a run costs, milliseconds, and shrinking is bounded by
 * its run count alone. Under the real clock a shrink run costs what the failing run cost — a server
 * that drains for 30 s makes every attempt 30 s — so the default is a multiple of that run's own wall
 * time, with a floor so that a fast failure still gets a few attempts. Given explicitly, it holds for
 * either clock.
 */
export const SHRINK_WALL_FACTOR = 30;
export const SHRINK_MIN_MS = 20_000;

export function shrinkBudgetMs(given: number | undefined, realClock: boolean, failingRunWallMs: number): number {
  if (given !== undefined) return given;
  if (!realClock) return Infinity;
  return Math.max(SHRINK_MIN_MS, SHRINK_WALL_FACTOR * failingRunWallMs);
}
