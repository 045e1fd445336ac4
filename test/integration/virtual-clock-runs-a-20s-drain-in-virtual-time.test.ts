import { expect, it } from 'vitest';
import { executeScenario } from '../../src/run/executor.js';
import { fixturePath } from '../support/processes.js';
import { signalOnly } from '../support/scenarios.js';

it('a target whose shutdown waits 20 s of timers exits at >= 20000 virtual ms after the signal', async () => {
  const result = await executeScenario(signalOnly(100), {
    entry: fixturePath('drain-timer.js'),
    env: { ...process.env, HOLD_MS: '20000' },
  });
  expect(result.run).toEqual({ status: 'completed' });
  const exit = result.history.find((e) => e.type === 'target-exited');
  expect(exit).toMatchObject({ code: 0, signal: null });
  expect(exit?.t).toBe(100 + 20_000);
  // No SIGKILL: 20 s is inside the 30 s grace period.
  expect(result.history.some((e) => e.type === 'kill-sent')).toBe(false);
  // Wall time is measured in the benchmark, never asserted here; printed for the curious.
  console.log(`20 s virtual drain took ${result.meta.wallMs} ms of wall time`);
});

it('Date and timers taken from require("node:timers") follow the virtual clock in a CommonJS target', async () => {
  // The fixture exits with code 0 only if Date.now() moved by >= 5000 across its 5 s timer.
  const result = await executeScenario(signalOnly(100), { entry: fixturePath('timers-cjs.cjs') });
  const exit = result.history.find((e) => e.type === 'target-exited');
  expect(exit).toMatchObject({ t: 5100, code: 0 });
});
