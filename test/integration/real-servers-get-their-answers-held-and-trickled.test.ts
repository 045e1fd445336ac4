import path from 'node:path';
import { expect, it } from 'vitest';
import { checkAll } from '../../src/checkers/catalogue.js';
import type { HistoryEvent } from '../../src/history/events.js';
import { executeScenario } from '../../src/run/executor.js';
import type { Scenario } from '../../src/scenario/types.js';
import { bodyFile } from '../support/answer-shapes.js';
import { fixturePath, scenarioPath, STARTUP_TIMEOUT_MS } from '../support/processes.js';

/**
 * Injection on servers as people run them: express.static pipes a file with its Content-Length, and
 * fastify stores its headers with one before end(). A slow download is held past the signal and a
 * stream is trickled to its end, so a static server that exits at once is caught cutting them.
 */
function outcomes(history: readonly HistoryEvent[]): string[] {
  return history.flatMap((e) => (e.type === 'request-outcome' ? [`${e.client} ${e.outcome} @${e.t}`] : [])).sort();
}

function injections(history: readonly HistoryEvent[]): string[] {
  return history.flatMap((e) => (e.type === 'server-response-finished' ? [`${e.client} ${e.injection ?? '-'} @${e.t}`] : [])).sort();
}

it('a static download from express.static, held or trickled past the signal, is cut when the server exits at once', async () => {
  const { file } = bodyFile();
  const scenario: Scenario = {
    clients: [
      { kind: 'slow', id: 'S', at: 0, latencyMs: 1000 },
      { kind: 'stream', id: 'T', at: 0, chunks: 10, everyMs: 100, sse: false },
    ],
    signal: 'SIGTERM',
    signalAt: 500,
    graceMs: 30_000,
    profile: 'immediate',
  };
  const result = await executeScenario(scenario, {
    entry: fixturePath('express-static-exits-at-once.js'),
    env: { ...process.env, STATIC_DIR: path.dirname(file) },
    routes: { fast: `/${path.basename(file)}` },
    startupTimeoutMs: STARTUP_TIMEOUT_MS,
  });
  expect(result.run).toEqual({ status: 'completed' });
  // The trickle had sent the headers and some of the file: cut mid-body; the held one had sent nothing.
  expect(outcomes(result.history)).toEqual(['S closed-before-response @500', 'T truncated @500']);
  const verdicts = checkAll(result.history, scenario).results;
  expect(verdicts.find((r) => r.id === 'in-flight-complete')?.verdict.verdict).toBe('violated');
  expect(verdicts.find((r) => r.id === 'stream-clean-end')?.verdict.verdict).toBe('violated');
});

it("fastify's answer, its headers stored with a Content-Length, is held and trickled to the times asked", async () => {
  const scenario: Scenario = {
    clients: [
      { kind: 'slow', id: 'S', at: 0, latencyMs: 700 },
      { kind: 'stream', id: 'T', at: 0, chunks: 4, everyMs: 100, sse: false },
    ],
    signal: 'SIGTERM',
    signalAt: 1000,
    graceMs: 30_000,
    profile: 'immediate',
  };
  const result = await executeScenario(scenario, { entry: scenarioPath('fastify-close.js'), startupTimeoutMs: STARTUP_TIMEOUT_MS });
  expect(result.run).toEqual({ status: 'completed' });
  expect(outcomes(result.history)).toEqual(['S complete @700', 'T complete @400']);
  expect(injections(result.history)).toEqual(['S applied @700', 'T applied @400']);
});
