import { describe, it } from 'vitest';
import { answeredInTime, CASE_TIMEOUT_MS, expectSameVerdicts, underBothClocks, type FidelityCase } from '../support/clock-fidelity.js';

/**
 * A target that never yields after SIGTERM — a synchronous loop, or an endless chain of promise
 * callbacks, which starves the event loop as surely — cannot answer the harness. Under the real clock
 * the grace period runs out and the SIGKILL comes; under the virtual clock time goes on at the real
 * rate while the target is blocked, so the same SIGKILL comes at the same moment of the scenario: the
 * deadline is violated under both, and neither run hangs.
 */
describe.each([
  ['a synchronous loop', 'sync'],
  ['an endless chain of promise callbacks', 'microtask'],
])('%s after SIGTERM', (_name, spin) => {
  it('violates the deadline under both clocks', { timeout: CASE_TIMEOUT_MS }, async () => {
    const c: FidelityCase = { fixture: 'spins-after-signal.js', env: { SPIN: spin }, scenario: answeredInTime() };
    expectSameVerdicts(await underBothClocks(c), c, { deadline: 'violated' });
  });
});
