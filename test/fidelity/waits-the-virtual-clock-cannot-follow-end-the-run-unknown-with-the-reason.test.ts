import { describe, it } from 'vitest';
import {
  answeredInTime,
  CASE_TIMEOUT_MS,
  cutByDeadline,
  CUTTING_DEADLINE,
  expectUnknownWithTheReason,
  underBothClocks,
  type FidelityCase,
} from '../support/clock-fidelity.js';

/**
 * What runs on a clock the agent cannot reach: a worker thread's timers, a forked child that shares
 * the server's port (the agent is loaded in it, inert), and a timer Node makes inside child_process for
 * a hook's `timeout` option. Jumping virtual time past any of them would give a verdict the real clock
 * contradicts, so the virtual run ends `unknown`, naming the wait and saying to rerun with the real
 * clock, which gives the verdict.
 */
const CASES: [string, FidelityCase, RegExp][] = [
  [
    'a deadline kept by a worker thread',
    { fixture: 'worker-thread-deadline.js', env: CUTTING_DEADLINE, scenario: cutByDeadline() },
    /^the target waits on a worker thread, whose timers/,
  ],
  [
    'a forked child that serves the same port and stops on its own clock',
    { fixture: 'fork-shares-port.js', scenario: answeredInTime() },
    /^the target shares a server or a connection with child process node, whose timers/,
  ],
  [
    "a pre-stop hook stopped by child_process's own timeout",
    { fixture: 'hook-with-timeout.js', scenario: answeredInTime() },
    /^the target waits on a timer made inside Node \(not with setTimeout or setInterval\)/,
  ],
];

describe.each(CASES)('%s', (_name, c, names) => {
  it('ends the virtual run unknown with the reason, and the real clock decides', { timeout: CASE_TIMEOUT_MS }, async () => {
    expectUnknownWithTheReason(await underBothClocks(c), c, names);
  });
});
