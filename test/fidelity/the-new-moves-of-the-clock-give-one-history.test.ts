import { describe, expect, it } from 'vitest';
import {
  answeredInTime,
  CASE_TIMEOUT_MS,
  cutByDeadline,
  CUTTING_DEADLINE,
  runUnder,
  type FidelityCase,
} from '../support/clock-fidelity.js';

/**
 * The determinism contract holds for the ways the virtual clock now moves: a polling loop that sees
 * time pass a millisecond at a time, an AbortSignal.timeout deadline, a run of heartbeats fired in one
 * move, a run ended unknown because of a worker thread, and a target blocked until its SIGKILL. One
 * scenario against one target gives one canonical history, byte for byte.
 */
const RUNS = 8;

const CASES: [string, FidelityCase][] = [
  ['a setImmediate loop polling Date.now()', { fixture: 'date-polling-drain.js', env: CUTTING_DEADLINE, scenario: cutByDeadline() }],
  ['an AbortSignal.timeout deadline', { fixture: 'abort-signal-deadline.js', env: CUTTING_DEADLINE, scenario: cutByDeadline() }],
  ['a 10 ms heartbeat over a 30 s grace period', { fixture: 'heartbeat-after-signal.js', scenario: answeredInTime(30_000) }],
  ['a worker thread', { fixture: 'worker-thread-deadline.js', env: CUTTING_DEADLINE, scenario: cutByDeadline() }],
  ['a synchronous loop after SIGTERM', { fixture: 'spins-after-signal.js', env: { SPIN: 'sync' }, scenario: answeredInTime() }],
];

describe.each(CASES)('%s', (_name, c) => {
  it(`gives one canonical history hash (${RUNS} runs)`, { timeout: CASE_TIMEOUT_MS }, async () => {
    const first = await runUnder('virtual', c);
    for (let i = 1; i < RUNS; i++) {
      const again = await runUnder('virtual', c);
      // The first divergence, rather than two opaque hashes.
      expect(again.jsonl).toBe(first.jsonl);
      expect(again.result.historyHash).toBe(first.result.historyHash);
    }
  });
});
