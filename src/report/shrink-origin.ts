import type { Counterexample } from './report.js';

/**
 * Where a violation was first seen, when not in a search run: a run made while shrinking another
 * invariant's counterexample, which violated this one too. Every report says so next to the
 * counterexample, so that a reader knows why the search's own runs never show it. Pure.
 */
export function shrinkOrigin(id: string, ce: Pick<Counterexample, 'foundWhileShrinking'>): string | null {
  const other = ce.foundWhileShrinking;
  if (other === undefined) return null;
  return `found while shrinking ${other}: no search run violated ${id}; a run made while shrinking ${other}'s counterexample did`;
}

/** The short form, for the verdict table: "found while shrinking in-flight-complete". Pure. */
export function shrinkOriginShort(ce: Pick<Counterexample, 'foundWhileShrinking'> | null): string | null {
  return ce?.foundWhileShrinking === undefined ? null : `found while shrinking ${ce.foundWhileShrinking}`;
}
