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
 * A drain's deadline waited for without the global setTimeout — AbortSignal.timeout (a timer inside
 * Node's AbortSignal code), timers/promises' scheduler.wait and setTimeout, util.promisify(setTimeout),
 * events.once with an AbortSignal.timeout signal, a setInterval or a timers/promises interval that
 * polls the clock — fires at the same moment of the scenario under both clocks: a deadline that cuts a
 * request cuts it under both, and one that comes after the answer cuts nothing under either.
 */
const WAITS: [string, FidelityCase['fixture'], Record<string, string>][] = [
  ['AbortSignal.timeout with an abort listener', 'abort-signal-deadline.js', {}],
  ['scheduler.wait', 'timed-waits-drain.js', { WAIT: 'scheduler-wait' }],
  ["timers/promises' setTimeout", 'timed-waits-drain.js', { WAIT: 'timers-promises' }],
  ['util.promisify(setTimeout)', 'timed-waits-drain.js', { WAIT: 'promisify' }],
  ['events.once on AbortSignal.timeout', 'timed-waits-drain.js', { WAIT: 'abort-signal' }],
  ['events.once with an AbortSignal.timeout signal', 'timed-waits-drain.js', { WAIT: 'once-with-signal' }],
  ['a setInterval polling Date.now()', 'timed-waits-drain.js', { WAIT: 'interval' }],
  ["timers/promises' setInterval polling performance.now()", 'timed-waits-drain.js', { WAIT: 'interval-iterator' }],
];

describe.each(WAITS)('a deadline waited for with %s', (_name, fixture, env) => {
  it('cuts a request in flight at the same moment under both clocks', { timeout: CASE_TIMEOUT_MS }, async () => {
    const c: FidelityCase = { fixture, env: { ...env, ...CUTTING_DEADLINE }, scenario: cutByDeadline() };
    expectSameVerdicts(await underBothClocks(c), c, { 'in-flight-complete': 'violated', deadline: 'holds', 'clean-exit': 'holds' });
  });

  it('cuts nothing under either clock when the answer comes first', { timeout: CASE_TIMEOUT_MS }, async () => {
    const c: FidelityCase = { fixture, env: { ...env, ...LATE_DEADLINE }, scenario: answeredInTime() };
    expectSameVerdicts(await underBothClocks(c), c, { 'in-flight-complete': 'holds', deadline: 'holds', 'clean-exit': 'holds' });
  });
});
