import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../src/history/events.js';
import { executeScenario } from '../../src/run/executor.js';
import type { Scenario } from '../../src/scenario/types.js';
import { fixturePath, STARTUP_TIMEOUT_MS } from '../support/processes.js';

/**
 * A server that closes a stream with REFUSED_STREAM (`stream.close(code)`) before its handler
 * responded has not answered it: Node ends the stream's writable side as it closes it, which emits
 * 'finish' as a completed answer does, and the agent must not take that for one. Under `refuse`,
 * test/fixtures/h2-drain/goaway-then-keeps-listening.js refuses the slow stream in flight at the
 * signal, and every session opened after it, so the slow request is never answered, on any session.
 */
const scenario: Scenario = {
  clients: [{ kind: 'h2', id: 'H', at: 0, requests: [{ at: 0, path: '/' }, { at: 10, path: '/slow?ms=1500' }] }],
  signal: 'SIGTERM',
  signalAt: 1_000,
  graceMs: 30_000,
  profile: 'immediate',
};

describe('an HTTP/2 stream the server refuses', () => {
  it('has no response reported for it: neither started nor finished', async () => {
    const result = await executeScenario(scenario, {
      entry: fixturePath('h2-drain/goaway-then-keeps-listening.js'),
      startupTimeoutMs: STARTUP_TIMEOUT_MS,
      env: { ...process.env, NEW_SESSIONS: 'refuse' },
    });
    expect(result.run).toEqual({ status: 'completed' });
    const ofRequest = (request: number) =>
      result.history.filter((e: HistoryEvent) => (e.type === 'server-response-started' || e.type === 'server-response-finished') && e.client === 'H' && e.request === request).map((e) => e.type);
    // The fast stream was answered before the signal; the slow one was read, then refused.
    expect(ofRequest(0)).toEqual(['server-response-started', 'server-response-finished']);
    expect(result.history.some((e) => e.type === 'server-request-started' && e.client === 'H' && e.request === 1)).toBe(true);
    expect(ofRequest(1)).toEqual([]);
  });
});
