import { describe, it } from 'vitest';
import { answeredInTime, CASE_TIMEOUT_MS, expectSameVerdicts, underBothClocks, type FidelityCase } from '../support/clock-fidelity.js';

/**
 * A target that blocks its event loop after SIGTERM cannot answer the harness. Under the real clock
 * the grace period runs on meanwhile and the SIGKILL comes at its end; under the virtual clock time
 * goes on at the real rate while the target is blocked, so the same SIGKILL comes at the same moment
 * of the scenario. A synchronous loop or an endless chain of promise callbacks violates the deadline
 * under both, and neither run hangs; a synchronous wait shorter than the grace period ends in a
 * drained exit under both, and one longer than it in the SIGKILL.
 */
describe.each([
  ['a synchronous loop', { SPIN: 'sync' }],
  ['an endless chain of promise callbacks', { SPIN: 'microtask' }],
  ['a synchronous wait of 5 s, past the 3 s grace period', { SPIN: 'wait', WAIT_MS: '5000' }],
])('%s after SIGTERM', (_name, env) => {
  it('violates the deadline under both clocks', { timeout: CASE_TIMEOUT_MS }, async () => {
    const c: FidelityCase = { fixture: 'spins-after-signal.js', env, scenario: answeredInTime() };
    expectSameVerdicts(await underBothClocks(c), c, { deadline: 'violated' });
  });
});

it('a synchronous wait of 1 s after SIGTERM ends in a drained exit under both clocks', { timeout: CASE_TIMEOUT_MS }, async () => {
  const c: FidelityCase = { fixture: 'spins-after-signal.js', env: { SPIN: 'wait', WAIT_MS: '1000' }, scenario: answeredInTime() };
  expectSameVerdicts(await underBothClocks(c), c, { 'in-flight-complete': 'holds', deadline: 'holds', 'clean-exit': 'holds' });
});
