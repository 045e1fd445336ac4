import { INVARIANTS, type InvariantId } from '../checkers/catalogue.js';
import type { Advice } from '../checkers/invariant.js';

export type { Advice } from '../checkers/invariant.js';

/** Each invariant's advice, by id: what a violation means and the usual fix (each invariant's own). */
export const ADVICE: Readonly<Record<InvariantId, Advice>> = Object.fromEntries(INVARIANTS.map((i) => [i.id, i.advice])) as Record<InvariantId, Advice>;

/** The advice of the invariant named `id`, or null for an id the catalogue does not have. */
export function adviceFor(id: string): Advice | null {
  return Object.hasOwn(ADVICE, id) ? ADVICE[id as InvariantId] : null;
}

/** The advice as lines under a violated invariant: what it means for users, then how to fix it. Pure. */
export function adviceLines(id: string): string[] {
  const advice = adviceFor(id);
  return advice ? [`what it means: ${advice.meaning}`, `how to fix it: ${advice.fix}`] : [];
}
