import { describe, expect, it } from 'vitest';
import { executeScenario } from '../../src/run/executor.js';
import type { ClockMode } from '../../src/target/launch.js';
import { fixturePath } from '../support/processes.js';
import { signalOnly } from '../support/scenarios.js';

/**
 * Fake timers hold no handle of their own; the agent must give a ref'd one the liveness of a real
 * timer, and an unref'd one none. The real clock is the reference the virtual one is checked against.
 */
const HOLD = { virtual: 20_000, real: 1500 } as const;
const SIGNAL_AT = 50;

async function exitOf(clock: ClockMode, unref: boolean) {
  const result = await executeScenario(signalOnly(SIGNAL_AT, 60_000), {
    entry: fixturePath('drain-timer.js'),
    clock,
    env: { ...process.env, HOLD_MS: String(HOLD[clock]), UNREF: unref ? '1' : '0' },
  });
  expect(result.run).toEqual({ status: 'completed' });
  const exit = result.history.find((e) => e.type === 'target-exited');
  expect(exit).toMatchObject({ code: 0, signal: null });
  return exit?.t ?? -1;
}

describe.each(['virtual', 'real'] as const)('under the %s clock', (clock) => {
  it('a target held only by a pending ref\'d timer stays alive until that timer fires', async () => {
    expect(await exitOf(clock, false)).toBeGreaterThanOrEqual(SIGNAL_AT + HOLD[clock]);
  });

  it('a target whose only pending timer is unref\'d exits without waiting for it', async () => {
    const t = await exitOf(clock, true);
    if (clock === 'virtual') expect(t).toBe(SIGNAL_AT);
    else expect(t).toBeLessThan(SIGNAL_AT + HOLD.real);
  });
});
