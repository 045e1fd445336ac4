// A late connection that completes its handshake in the listen backlog while the target is busy, before
// its SIGTERM handler begins, and is reset when that handler closes the listener: the target never
// accepted it, and no-accept-then-drop says it was reset from the listen backlog, not accepted, and
// blames the target, which had the connection waiting before it began to shut down. Real clock, real
// sockets: the fixture keeps its event loop busy with synchronous work while the signal and the
// connection arrive (see its header for the order libuv runs them in).
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/api/run-scenario.js';
import type { Scenario } from '../../src/scenario/types.js';
import { fixturePath } from '../support/processes.js';

const scenario: Scenario = {
  clients: [
    // busy from about 300 ms to 2300 ms (real ms: the real clock at scale 1)
    { kind: 'http', id: 'B', at: 0, path: '/busy-soon' },
    // read with the signal after the first busy spell, and busy for another 2 s
    { kind: 'keep-alive', id: 'K', at: 0, requests: [{ at: 0, path: '/' }, { at: 600, path: '/busy' }] },
    // connects halfway through the second busy spell, before the SIGTERM handler can begin; the margins
    // of about a second on each side absorb a busy machine's delays
    { kind: 'late', id: 'L', at: 3300, attempts: [] },
  ],
  signal: 'SIGTERM',
  signalAt: 500,
  graceMs: 30_000,
  profile: 'immediate',
};

describe('a connection waiting in the listen backlog when the target began to shut down', () => {
  it('is reset by the close of the listener, and no-accept-then-drop names the backlog and blames the target', async () => {
    const result = await runScenario(fixturePath('backlog/busy-when-the-signal-comes.js'), scenario, { clock: 'real' });
    expect(result.run).toEqual({ status: 'completed' });
    // What the history shows: L connected, the target never accepted it, and it was reset.
    const ofL = result.history.filter((e) => 'client' in e && e.client === 'L').map((e) => e.type);
    expect(ofL).toContain('client-connected');
    expect(ofL).not.toContain('server-connection-opened');
    expect(result.history).toContainEqual(expect.objectContaining({ type: 'request-outcome', client: 'L', outcome: 'reset-before-response' }));

    const found = result.invariants.find((i) => i.id === 'no-accept-then-drop');
    expect(found?.verdict).toBe('violated');
    const messages = found?.evidence.map((e) => e.message) ?? [];
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(
      /^request 0 of client L went out on a connection opened \d+ ms after SIGTERM that was reset from the listen backlog \d+ ms after SIGTERM: it connected \d+ ms before the target's SIGTERM handler began, and the target closed its listener without accepting it$/,
    );
    expect(result.verdict).toBe('fail');
  }, 60_000);
});
