import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OptionsError } from '../../../src/api/options.js';
import { shutdownScenario } from '../../../src/api/shutdown-scenario.js';

describe('shutdownScenario', () => {
  it('draws a second signal from the list given: SIGTERM twice, or SIGINT after SIGTERM', () => {
    const drawn = fc.sample(shutdownScenario({ secondSignals: ['SIGTERM', 'SIGINT'] }), { numRuns: 300, seed: 4 });
    expect(new Set(drawn.flatMap((s) => (s.secondSignal ? [s.secondSignal.signal] : [])))).toEqual(new Set(['SIGTERM', 'SIGINT']));
  });

  it('draws no latency or stream longer than maxLatency', () => {
    const drawn = fc.sample(shutdownScenario({ clients: ['slow', 'stream'], maxLatency: '1500ms' }), { numRuns: 300, seed: 5 });
    const lengths = drawn.flatMap((s) => s.clients.map((c) => (c.kind === 'slow' ? c.latencyMs : c.kind === 'stream' ? c.chunks * c.everyMs : 0)));
    expect(Math.max(...lengths)).toBeLessThanOrEqual(1500);
    expect(Math.max(...lengths)).toBeGreaterThan(1000);
  });

  it.each([
    [{ secondSignals: ['SIGKILL'] as never[] }, 'secondSignals: "SIGKILL" is not accepted; use one of SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2'],
    [{ maxLatency: '5ms' }, 'maxLatency: 5 ms is shorter than the 10 ms the search counts in'],
  ])('throws OptionsError for a bad option', (options, message) => {
    expect(() => shutdownScenario(options)).toThrow(new OptionsError(message));
  });
});
