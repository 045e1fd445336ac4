/**
 * Which invariant a failed request of a load run breaks. Pure.
 *
 * The stage of the shutdown it failed in comes from its facts (`failureStage`); within a stage, the
 * invariants' own definitions split the failed requests between them (each definition's
 * `load.failures`), so exactly one claims each: this file holds no rule of its own.
 */
import type { FailureStage } from './request-facts.js';
import { failureStage, type Moments, type RequestFacts } from './request-facts.js';
import { COUNTED, type LoadFault } from './invariants.js';

export { isAnswered, type Moments, type RequestFacts } from './request-facts.js';
export type { LoadFault } from './invariants.js';

export type RequestClass = { class: 'ok' } | { class: 'failed'; fault: LoadFault };

const OK: RequestClass = { class: 'ok' };

/** The invariants that claim failed requests of each stage. */
const CLAIMERS = new Map<FailureStage, { fault: LoadFault; claims: (r: RequestFacts, m: Moments) => boolean }[]>();
for (const invariant of COUNTED) {
  for (const [stage, claims] of Object.entries(invariant.load.failures ?? {})) {
    const list = CLAIMERS.get(stage as FailureStage) ?? [];
    list.push({ fault: invariant.id as LoadFault, claims });
    CLAIMERS.set(stage as FailureStage, list);
  }
}

/**
 * Judges one request. Every failed request breaks exactly one invariant, which a test proves of the
 * definitions; a request none claims would be a gap in them, and is thrown rather than counted wrong.
 */
export function classifyRequest(facts: RequestFacts, moments: Moments): RequestClass {
  const stage = failureStage(facts, moments);
  if (stage === null) return OK;
  const claimer = CLAIMERS.get(stage)?.find((c) => c.claims(facts, moments));
  if (!claimer) throw new Error(`no invariant claims a request that failed at stage ${stage}: ${JSON.stringify(facts)}`);
  return { class: 'failed', fault: claimer.fault };
}
