import { describe, expect, it } from 'vitest';
import { DEFAULT_DRAIN_DELAY_MS } from '../../../src/checkers/checker.js';
import { removalDelayMs } from '../../../src/run/proxy-in-loop.js';

describe('when the proxy takes the target out of rotation', () => {
  it('a delay given with the proxy wins under either profile', () => {
    expect(removalDelayMs({ drainDelayMs: 1_000, targetDrainDelayMs: 3_000 }, { profile: 'kubernetes', graceMs: 30_000 })).toBe(1_000);
    expect(removalDelayMs({ drainDelayMs: 1_000 }, { profile: 'immediate', graceMs: 30_000 })).toBe(1_000);
    expect(removalDelayMs({ drainDelayMs: 0 }, { profile: 'kubernetes', graceMs: 30_000 })).toBe(0);
  });

  it('without one, the kubernetes profile removes the endpoint after the drain delay the target is configured for', () => {
    expect(removalDelayMs({ drainDelayMs: null, targetDrainDelayMs: 3_000 }, { profile: 'kubernetes', graceMs: 30_000 })).toBe(3_000);
    expect(removalDelayMs({ drainDelayMs: null }, { profile: 'kubernetes', graceMs: 30_000 })).toBe(DEFAULT_DRAIN_DELAY_MS);
  });

  it('a drain delay longer than the grace period is cut at the grace period, as the readiness invariant cuts it', () => {
    expect(removalDelayMs({ drainDelayMs: null, targetDrainDelayMs: 8_000 }, { profile: 'kubernetes', graceMs: 2_000 })).toBe(2_000);
  });

  it('without one, the immediate profile never removes the endpoint', () => {
    expect(removalDelayMs({ drainDelayMs: null, targetDrainDelayMs: 3_000 }, { profile: 'immediate', graceMs: 30_000 })).toBeNull();
  });
});
