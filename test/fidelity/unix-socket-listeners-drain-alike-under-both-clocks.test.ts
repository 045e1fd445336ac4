import { it } from 'vitest';
import { answeredInTime, CASE_TIMEOUT_MS, expectSameVerdicts, underBothClocks, type FidelityCase } from '../support/clock-fidelity.js';

/**
 * A target with an admin server on a unix socket besides its TCP server: at SIGTERM it talks to its
 * own admin server over a keep-alive connection, which its 2.5 s keepAliveTimeout ends only then; the
 * process exits once both servers have closed, 2.8 s into the scenario, within the 4 s grace period.
 * The keep-alive timeout of a unix socket follows the virtual clock as a TCP socket's does, so both
 * clocks see the same drain.
 */
it('a keep-alive timeout on a unix socket ends the drain at the same moment under both clocks', { timeout: CASE_TIMEOUT_MS }, async () => {
  const c: FidelityCase = { fixture: 'unix-socket-admin.js', scenario: answeredInTime(4_000) };
  expectSameVerdicts(await underBothClocks(c), c, { 'in-flight-complete': 'holds', deadline: 'holds', 'clean-exit': 'holds' });
});
