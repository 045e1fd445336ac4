import fc from 'fast-check';
import { TICK_MS } from './spans.js';

/** client starts and signal times drawn freely stay below this */
export const START_MAX_MS = 2_000;
/** idle gaps between a client's requests, messages or connection attempts */
export const GAP_MAX_MS = 1_000;

/** A whole number of ticks between the two bounds, shrinking towards `minMs`. */
export function ms(minMs: number, maxMs: number): fc.Arbitrary<number> {
  const min = Math.ceil(minMs / TICK_MS);
  const max = Math.max(min, Math.floor(maxMs / TICK_MS));
  return fc.integer({ min, max }).map((ticks) => ticks * TICK_MS);
}

/** A duration up to `longMaxMs`, three times out of four below `shortMaxMs`. */
export function duration(minMs: number, longMaxMs: number, shortMaxMs: number): fc.Arbitrary<number> {
  if (longMaxMs <= shortMaxMs) return ms(minMs, longMaxMs);
  return fc.oneof({ arbitrary: ms(minMs, shortMaxMs), weight: 3 }, { arbitrary: ms(minMs, longMaxMs), weight: 1 });
}

export function gaps(minMs: number, maxLength: number): fc.Arbitrary<number[]> {
  return fc.array(ms(minMs, GAP_MAX_MS), { maxLength });
}

/** Running sums: the absolute times of actions that follow `start` by the given gaps. */
export function times(start: number, gapsMs: number[]): number[] {
  let t = start;
  return gapsMs.map((gap) => (t += gap));
}
