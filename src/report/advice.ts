import { INVARIANTS, type InvariantId } from '../checkers/catalogue.js';
import type { Advice } from '../checkers/invariant.js';

export type { Advice } from '../checkers/invariant.js';

/** Each invariant's advice, by id: what a violation means and the usual fix (each invariant's own). */
export const ADVICE: Readonly<Record<InvariantId, Advice>> = Object.fromEntries(INVARIANTS.map((i) => [i.id, i.advice])) as Record<InvariantId, Advice>;
