import { expect, it } from 'vitest';
import type { HistoryEvent } from '../../src/history/events.js';
import { executeScenario } from '../../src/run/executor.js';
import type { Scenario } from '../../src/scenario/types.js';
import { ANSWER_SHAPES, bodyFile } from '../support/answer-shapes.js';
import { STARTUP_TIMEOUT_MS } from '../support/processes.js';

/**
 * What the search sees: a slow request whose answer the handler wrote before end(), or flushed early,
 * completes when its hold ends, and a stream of a piped file with a Content-Length completes after its
 * N×M ms, each with `injection: 'applied'` on the server's side.
 */
const file = bodyFile();
const scenario: Scenario = {
  clients: [
    { kind: 'http', id: 'A', at: 0, path: '/written-with-length', holdMs: 500 },
    { kind: 'http', id: 'B', at: 0, path: '/flushed', holdMs: 300 },
    // stream clients ask for the fast route, here the piped file
    { kind: 'stream', id: 'C', at: 0, chunks: 4, everyMs: 100, sse: false },
  ],
  signal: 'SIGTERM',
  signalAt: 1000,
  graceMs: 30_000,
  profile: 'immediate',
};
const options = { entry: ANSWER_SHAPES, env: { ...process.env, BODY_FILE: file.file }, routes: { fast: '/file' }, startupTimeoutMs: STARTUP_TIMEOUT_MS };

function ends(history: readonly HistoryEvent[]): Record<string, { outcome: string; t: number; injection: string | undefined; finishedAt: number | undefined }> {
  const byClient: Record<string, { outcome: string; t: number; injection: string | undefined; finishedAt: number | undefined }> = {};
  for (const e of history) {
    if (e.type !== 'request-outcome') continue;
    const finished = history.find((f) => f.type === 'server-response-finished' && f.client === e.client);
    byClient[e.client] = {
      outcome: e.outcome,
      t: e.t,
      injection: finished?.type === 'server-response-finished' ? finished.injection : undefined,
      finishedAt: finished?.t,
    };
  }
  return byClient;
}

it('under the virtual clock each answer ends exactly when its injection says', async () => {
  const result = await executeScenario(scenario, options);
  expect(result.run).toEqual({ status: 'completed' });
  expect(ends(result.history)).toEqual({
    A: { outcome: 'complete', t: 500, injection: 'applied', finishedAt: 500 },
    B: { outcome: 'complete', t: 300, injection: 'applied', finishedAt: 300 },
    C: { outcome: 'complete', t: 400, injection: 'applied', finishedAt: 400 },
  });
});

it('under the real clock each answer ends no sooner than its injection says', async () => {
  const result = await executeScenario(scenario, { ...options, clock: 'real' });
  expect(result.run).toEqual({ status: 'completed' });
  const seen = ends(result.history);
  const asked = { A: 500, B: 300, C: 400 };
  for (const [client, ms] of Object.entries(asked)) {
    expect(seen[client]).toMatchObject({ outcome: 'complete', injection: 'applied' });
    // 2 ms for Date.now()'s whole milliseconds and a timer timed from the start of its event-loop turn
    expect(seen[client]?.t).toBeGreaterThanOrEqual(ms - 2);
  }
});
