import { expect, it } from 'vitest';
import { answeredInTime, CASE_TIMEOUT_MS, expectSameVerdicts, underBothClocks, type FidelityCase } from '../support/clock-fidelity.js';

/**
 * A 10 ms heartbeat started at SIGTERM and never cleared keeps the process alive until the SIGKILL at
 * the end of a 30 s grace period, under both clocks. Under the virtual clock its 3,000 beats do
 * nothing anyone outside the process can see, so they cost the run no step of their own: the whole
 * run takes a handful of executor steps, not one per beat.
 */
it('a never-cleared 10 ms heartbeat violates the deadline under both clocks, in a few steps', { timeout: CASE_TIMEOUT_MS }, async () => {
  // The reference run plays the 30 s grace period at ×0.25: 7.5 s. At ×0.1 the 800 scenario ms between
  // the signal and the held answer were 80 real ms, and a full suite on two loaded cores once finished
  // the client's first step 115 real ms late: the real run's signal came after the answer, another
  // scenario than the virtual run's. At ×0.25 that margin is 200 ms.
  const c: FidelityCase = { fixture: 'heartbeat-after-signal.js', scenario: answeredInTime(30_000), timeScale: 0.25 };
  const runs = await underBothClocks(c);
  expectSameVerdicts(runs, c, { 'in-flight-complete': 'holds', deadline: 'violated' });
  // Start-up, the client's request, the signal, the answer, the SIGKILL: each a step, the beats none.
  expect(runs.virtual.steps, runs.virtual.jsonl).toBeLessThanOrEqual(10);
});
