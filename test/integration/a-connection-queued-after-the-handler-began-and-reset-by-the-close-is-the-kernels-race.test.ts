// A late connection that completes its handshake in the listen backlog after the target's SIGTERM
// handler began, and is reset when the target closes its listener, is the kernel's reset of what was
// queued at the close (Linux resets every connection still in a listener's accept queue), not a
// connection the target accepted and dropped: no server can accept what arrives in the instant of its
// close, and the history does not show when the target last polled its listener. Real clock, real
// sockets: the fixture's handler keeps the event loop busy while the connection arrives, so that it is
// certainly still queued when the listener closes.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/api/run-scenario.js';
import type { Scenario } from '../../src/scenario/types.js';
import { fixturePath } from '../support/processes.js';

const scenario: Scenario = {
  // the handler runs from about 200 ms and closes the listener about 600 ms later
  clients: [{ kind: 'late', id: 'L', at: 400, attempts: [] }],
  signal: 'SIGTERM',
  signalAt: 200,
  graceMs: 30_000,
  profile: 'immediate',
};

describe('a connection that reached the listen backlog after the target began to shut down', () => {
  it('is reset by the close of the listener, and no-accept-then-drop counts it as put to the test, not violated', async () => {
    const result = await runScenario(fixturePath('backlog/blocks-in-its-handler.js'), scenario, { clock: 'real' });
    expect(result.run).toEqual({ status: 'completed' });
    const handled = result.history.findIndex((e) => e.type === 'signal-handled');
    const connected = result.history.findIndex((e) => e.type === 'client-connected' && e.client === 'L');
    const closed = result.history.findIndex((e) => e.type === 'listener-closed');
    const reset = result.history.findIndex(
      (e) => e.type === 'request-outcome' && e.client === 'L' && e.outcome === 'reset-before-response',
    );
    // handler, then L's handshake, then the close, then L's reset; and the target never accepted it
    expect(handled).toBeGreaterThanOrEqual(0);
    expect([handled < connected, connected < closed, closed < reset]).toEqual([true, true, true]);
    expect(result.history.some((e) => e.type === 'server-connection-opened' && e.client === 'L')).toBe(false);

    const found = result.invariants.find((i) => i.id === 'no-accept-then-drop');
    expect(found).toMatchObject({ verdict: 'holds', exercisedRuns: 1 });
    expect(result.verdict).toBe('pass');
  }, 60_000);
});
