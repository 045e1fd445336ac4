/**
 * The invariants load mode counts, in the order its reports list them: `before-signal`, which only load
 * mode has, then every invariant of the catalogue that load mode can count. Each one's definition says
 * which failed requests break it and how its row reads; nothing here names one. Pure.
 */
import { INVARIANTS } from '../checkers/catalogue.js';
import type { LoadCounting } from '../checkers/invariant.js';
import type { Severity } from '../checkers/verdict.js';
import { beforeSignal } from './before-signal.js';

const ALL = [beforeSignal, ...INVARIANTS] as const;
type Entry = (typeof ALL)[number];

/** The invariants a failed request can break in a load run. */
export type LoadFault = Entry extends infer I
  ? I extends { readonly id: infer Id extends string; readonly load: { readonly failures: object } }
    ? Id
    : never
  : never;

/** The invariants a load run has a row for. */
export type LoadInvariantId = Entry extends infer I
  ? I extends { readonly id: infer Id extends string; readonly load: { readonly count: unknown } }
    ? Id
    : never
  : never;

export interface CountedInvariant {
  readonly id: LoadInvariantId;
  readonly defaultSeverity: Severity;
  readonly load: LoadCounting;
}

function counted(invariant: Entry): invariant is Entry & CountedInvariant {
  return 'count' in invariant.load;
}

export const COUNTED: readonly CountedInvariant[] = ALL.filter(counted);

const claimsKill = (invariant: CountedInvariant): boolean => invariant.load.failures?.['cut-by-kill'] !== undefined;
const claimers = COUNTED.filter((invariant) => invariant.load.failures !== undefined);

/**
 * The invariants a failed request can break, those of its own failure first: what the harness's
 * SIGKILL cut is the kill's doing, listed last.
 */
export const LOAD_FAULTS: readonly LoadFault[] = [
  ...claimers.filter((invariant) => !claimsKill(invariant)),
  ...claimers.filter(claimsKill),
].map((invariant) => invariant.id as LoadFault);
