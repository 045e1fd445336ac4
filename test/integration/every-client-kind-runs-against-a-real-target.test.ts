import { describe, expect, it } from 'vitest';
import type { Routes } from '../../src/clients/client.js';
import type { HistoryEvent } from '../../src/history/events.js';
import { executeScenario } from '../../src/run/executor.js';
import { fixturePath, scenarioPath } from '../support/processes.js';
import { everyKindMix } from '../support/scenarios.js';

const mix = everyKindMix();

function outcomes(history: HistoryEvent[]): string[] {
  return history.flatMap((e) => (e.type === 'request-outcome' ? [`${e.client}${e.request}:${e.outcome}`] : []));
}

describe.each<[string, Partial<Routes>]>([
  ['agent injection', { websocket: '/ws' }],
  ["the target's own routes", { websocket: '/ws', slow: '/slow?ms={ms}', stream: '/events?n={chunks}&every={every}' }],
])('every client kind against the reference target, slow and stream through %s', (_how, routes) => {
  it('records the outcome each kind meets under a correct drain', async () => {
    const result = await executeScenario(mix, { entry: scenarioPath('reference.js'), routes });
    expect(result.run).toEqual({ status: 'completed' });
    const { history } = result;
    expect(outcomes(history).sort()).toEqual(
      [
        'A0:complete',
        'A1:complete',
        // The drain kept A's idle connection a second for a request its client might be writing: the third
        // request comes on it, and is answered.
        'A2:complete',
        'B0:complete',
        'C0:complete',
        // request 0 of a WebSocket client is its opening handshake
        'D0:complete',
        'F0:refused',
        'F1:refused',
      ].sort(),
    );
    expect(history.find((e) => e.type === 'websocket-closed')).toMatchObject({ client: 'D', code: 1001 });
    expect(history.find((e) => e.type === 'connection-ended' && e.client === 'E')).toMatchObject({ by: 'server', how: 'fin' });
    // The server saw the slow and streaming requests as requests of B and C.
    expect(history.some((e) => e.type === 'server-request-started' && e.client === 'B')).toBe(true);
    expect(history.some((e) => e.type === 'server-upgrade' && e.client === 'D')).toBe(true);
    const exit = history.find((e) => e.type === 'target-exited');
    // The stream (5 chunks every 100 ms from t=20) is the last to finish; then the process exits.
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit?.t).toBeGreaterThanOrEqual(420);
    if (routes.slow) expect(history.find((e) => e.type === 'request-sent' && e.client === 'B')).toMatchObject({ path: '/slow?ms=1000' });
  });
});

it('a raw TCP client has its lines echoed, and sees the FIN of a drain', async () => {
  const result = await executeScenario(
    {
      clients: [{ kind: 'raw', id: 'R', at: 0, messages: [10, 20] }],
      signal: 'SIGTERM',
      signalAt: 100,
      graceMs: 30_000,
      profile: 'immediate',
    },
    { entry: fixturePath('echo-server.js') },
  );
  expect(result.run).toEqual({ status: 'completed' });
  expect(outcomes(result.history)).toEqual(['R1:complete', 'R2:complete']);
  expect(result.history.find((e) => e.type === 'connection-ended')).toMatchObject({ client: 'R', by: 'server', how: 'fin' });
  expect(result.history.find((e) => e.type === 'target-exited')).toMatchObject({ t: 100, code: 0, signal: null });
});
