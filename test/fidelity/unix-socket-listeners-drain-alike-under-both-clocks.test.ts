import { it } from 'vitest';
import { answeredInTime, CASE_TIMEOUT_MS, expectSameVerdicts, underBothClocks, type FidelityCase } from '../support/clock-fidelity.js';

/**
 * A target with an admin server on a unix socket besides its TCP server: at SIGTERM it talks to its
 * own admin server over a keep-alive connection, which its 2.5 s keepAliveTimeout ends only then; the
 * process exits once both servers have closed, 3.8 s into the scenario, within the 6 s grace period.
 * The 2.4 s to spare are 0.6 s of real time at ×0.25; a 4 s grace period left 0.1 s, which a busy
 * machine running the real clock late used up.
 * The keep-alive timeout of a unix socket follows the virtual clock as a TCP socket's does, so both
 * clocks see the same drain.
 */
it('a keep-alive timeout on a unix socket ends the drain at the same moment under both clocks', { timeout: CASE_TIMEOUT_MS }, async () => {
  const c: FidelityCase = { fixture: 'unix-socket-admin.js', scenario: answeredInTime(6_000) };
  expectSameVerdicts(await underBothClocks(c), c, { 'in-flight-complete': 'holds', deadline: 'holds', 'clean-exit': 'holds' });
});
