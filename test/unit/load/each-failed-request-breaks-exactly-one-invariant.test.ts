import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OUTCOMES } from '../../../src/history/events.js';
import { COUNTED, LOAD_FAULTS } from '../../../src/load/invariants.js';
import { LOAD_KINDS } from '../../../src/load/mix.js';
import { failureStage, type FailureStage, type Moments, type RequestFacts } from '../../../src/load/request-facts.js';

const factsArb: fc.Arbitrary<RequestFacts> = fc.record({
  kind: fc.constantFrom(...LOAD_KINDS),
  outcome: fc.constantFrom(...OUTCOMES),
  sentAt: fc.integer({ min: 0, max: 2000 }),
  endedAt: fc.integer({ min: 0, max: 2000 }),
  attemptAt: fc.integer({ min: -100, max: 2000 }),
  acceptedBeforeHandler: fc.constantFrom(true, false, null),
  reused: fc.boolean(),
  bytesWritten: fc.boolean(),
  responseBegun: fc.boolean(),
  serverRead: fc.constantFrom(true, false, null),
});
const momentsArb: fc.Arbitrary<Moments> = fc.record({
  signalAt: fc.option(fc.integer({ min: 0, max: 2000 })),
  killAt: fc.option(fc.integer({ min: 0, max: 2000 })),
  settleMs: fc.constantFrom(0, 50),
});

function claimers(stage: FailureStage, facts: RequestFacts, moments: Moments): string[] {
  return COUNTED.filter((invariant) => invariant.load.failures?.[stage]?.(facts, moments) === true).map((i) => i.id);
}

describe("the invariants' definitions split the failed requests of a load run between them", () => {
  it('every failed request breaks exactly one invariant, whatever its facts', () => {
    fc.assert(
      fc.property(factsArb, momentsArb, (facts, moments) => {
        const stage = failureStage(facts, moments);
        if (stage !== null) expect(claimers(stage, facts, moments)).toHaveLength(1);
      }),
      { numRuns: 20_000 },
    );
  });

  it('lists each invariant that claims failed requests once among the faults, what the SIGKILL cut last', () => {
    const claiming = COUNTED.filter((invariant) => invariant.load.failures !== undefined).map((i) => i.id);
    expect([...LOAD_FAULTS].sort()).toEqual([...claiming].sort());
    expect(LOAD_FAULTS.at(-1)).toBe('deadline');
  });
});
