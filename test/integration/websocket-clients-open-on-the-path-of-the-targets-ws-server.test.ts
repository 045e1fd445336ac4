import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { checkShutdown } from '../../src/api/check-shutdown.js';
import { runScenario } from '../../src/api/run-scenario.js';
import type { HistoryEvent } from '../../src/history/events.js';
import type { Scenario } from '../../src/scenario/types.js';
import { fixturePath, STARTUP_TIMEOUT_MS } from '../support/processes.js';

/**
 * A `ws` WebSocketServer made with `path: '/chat'` answers every other path with 400. With no route in
 * the config, the search's WebSocket clients open on the path the agent saw (a 101), and a replay of
 * one scenario does the same; a config's routes.websocket wins. The fixture ends its WebSockets with no
 * close frame, so websocket-going-away is violated exactly when a WebSocket really opened.
 */
const CJS = fixturePath('ws-chat-cut-at-shutdown.cjs');

/** Each WebSocket handshake of a history: the path asked for and the status answered. */
function handshakes(history: readonly HistoryEvent[]): { path: string; status: number | undefined }[] {
  return history.flatMap((sent) => {
    if (sent.type !== 'request-sent') return [];
    const outcome = history.find((e) => e.type === 'request-outcome' && e.client === sent.client && e.request === sent.request);
    return [{ path: sent.path, status: outcome?.type === 'request-outcome' ? outcome.status : undefined }];
  });
}

it.each([
  ['CommonJS', CJS],
  ['ESM', fixturePath('ws-chat-cut-at-shutdown.mjs')],
])('with no config, the search opens WebSockets on the discovered /chat and says so (%s)', async (_kind, target) => {
  const notices: string[] = [];
  const report = await checkShutdown({
    target,
    clients: ['websocket'],
    runs: 5,
    seed: 1,
    startupTimeout: STARTUP_TIMEOUT_MS,
    onNotice: (message) => notices.push(message),
  });
  expect(notices.filter((n) => n.includes('/chat'))).toHaveLength(1);
  expect(report.invariants.find((i) => i.id === 'websocket-going-away')?.verdict).toBe('violated');
  const opened = handshakes(report.counterexample?.history ?? []);
  expect(opened.length).toBeGreaterThan(0);
  expect(opened.every((h) => h.path === '/chat' && h.status === 101)).toBe(true);
});

it("the config's routes.websocket wins over the discovered path", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'shutdown-check-ws-route-'));
  const config = path.join(dir, 'shutdown-check.config.json');
  // ws matches its path without the query: a route of the config's own, still answered 101
  writeFileSync(config, JSON.stringify({ routes: { websocket: '/chat?room=1' } }));
  const notices: string[] = [];
  const report = await checkShutdown({
    target: CJS,
    config,
    clients: ['websocket'],
    runs: 5,
    seed: 1,
    startupTimeout: STARTUP_TIMEOUT_MS,
    onNotice: (message) => notices.push(message),
  });
  expect(notices.filter((n) => n.includes('/chat'))).toEqual([]);
  const opened = handshakes(report.counterexample?.history ?? []);
  expect(opened.length).toBeGreaterThan(0);
  expect(opened.every((h) => h.path === '/chat?room=1' && h.status === 101)).toBe(true);
});

it('one scenario run on its own (a replay) opens its WebSocket on the discovered path too', async () => {
  const scenario: Scenario = {
    clients: [{ kind: 'websocket', id: 'A', at: 0, messages: [20] }],
    signal: 'SIGTERM',
    signalAt: 100,
    graceMs: 30_000,
    profile: 'immediate',
  };
  const result = await runScenario(CJS, scenario, { startupTimeout: STARTUP_TIMEOUT_MS });
  expect(handshakes(result.history)).toEqual([{ path: '/chat', status: 101 }]);
  expect(result.invariants.find((i) => i.id === 'websocket-going-away')?.verdict).toBe('violated');
});
