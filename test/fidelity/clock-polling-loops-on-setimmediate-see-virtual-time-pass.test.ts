import { describe, it } from 'vitest';
import {
  answeredInTime,
  CASE_TIMEOUT_MS,
  cutByDeadline,
  CUTTING_DEADLINE,
  expectSameVerdicts,
  LATE_DEADLINE,
  underBothClocks,
  type FidelityCase,
} from '../support/clock-fidelity.js';

/**
 * A drain that keeps no timer at all: it polls on setImmediate, reading the clock, and cuts whatever
 * is left once its deadline has passed. Under the virtual clock time passes for such a loop as it
 * does under the real one, so it cuts a request at the same moment — and, with a later deadline, lets
 * the answer finish first, as the real clock does.
 */
const CLOCKS: [string, string][] = [
  ['Date.now()', 'date-now'],
  ['new Date()', 'date'],
  ['performance.now()', 'performance'],
  ['process.hrtime.bigint()', 'hrtime'],
];

describe.each(CLOCKS)('a setImmediate loop that polls %s', (_name, clock) => {
  it('cuts a request in flight at the same moment under both clocks', { timeout: CASE_TIMEOUT_MS }, async () => {
    const c: FidelityCase = { fixture: 'date-polling-drain.js', env: { CLOCK: clock, ...CUTTING_DEADLINE }, scenario: cutByDeadline() };
    expectSameVerdicts(await underBothClocks(c), c, { 'in-flight-complete': 'violated', deadline: 'holds', 'clean-exit': 'holds' });
  });

  it('lets the answer finish under both clocks when its deadline is later', { timeout: CASE_TIMEOUT_MS }, async () => {
    const c: FidelityCase = { fixture: 'date-polling-drain.js', env: { CLOCK: clock, ...LATE_DEADLINE }, scenario: answeredInTime() };
    expectSameVerdicts(await underBothClocks(c), c, { 'in-flight-complete': 'holds', deadline: 'holds', 'clean-exit': 'holds' });
  });
});
