import { describe, expect, it } from 'vitest';
import { checkShutdown } from '../../src/index.js';
import { fixturePath, scenarioPath, STARTUP_TIMEOUT_MS } from '../support/processes.js';

/**
 * Node's `server.close()` (>= 19) closes idle keep-alive connections at once (close-only.js). A search
 * of keep-alive clients draws some that write a request on their idle connection in the very step of
 * SIGTERM, after the target has taken the signal and before the client has read the server's FIN:
 * the request meets a closed connection and is lost unread, and keepalive-race, a warning, says so.
 * The config caps latencies at 2 s, so that no request outlives the grace period and no error ends the
 * search before it has judged every run. Finding is the point, not shrinking: the search does not shrink.
 */
describe('a search of keep-alive clients against server.close() alone', () => {
  it('finds a request lost to the close of its idle connection', { timeout: 600_000 }, async () => {
    const report = await checkShutdown({
      target: scenarioPath('close-only.js'),
      clients: ['keep-alive'],
      config: fixturePath('config/max-latency-2s/shutdown-check.config.json'),
      runs: 25,
      seed: 2026,
      shrinkRuns: 0,
      startupTimeout: STARTUP_TIMEOUT_MS,
    });
    expect(report.verdict).toBe('pass');
    const race = report.invariants.find((i) => i.id === 'keepalive-race');
    expect(race?.verdict).toBe('violated');
    expect(race?.evidence[0]?.message).toMatch(/requests written on reused keep-alive connections .* lost: the server closed the connection before it could answer them/);
  });
});
