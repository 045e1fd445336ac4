import { expect, it } from 'vitest';
import type { Scenario } from '../../src/scenario/types.js';
import { ANSWER_SHAPES, bodyFile } from '../support/answer-shapes.js';
import { STARTUP_TIMEOUT_MS } from '../support/processes.js';
import { expectOneHistory } from '../support/scenarios.js';

const RUNS = 15;

/**
 * The determinism contract holds for answers the agent holds and slices: how much of a piped file has
 * been read when a slice goes is a matter of timing, and must not show in the canonical history.
 */
it(`a held answer, a trickled piped download and a held 204 around a signal give one history hash (${RUNS} runs)`, async () => {
  const file = bodyFile();
  const scenario: Scenario = {
    clients: [
      { kind: 'http', id: 'A', at: 0, path: '/written', holdMs: 400 },
      { kind: 'stream', id: 'B', at: 10, chunks: 5, everyMs: 100, sse: false },
      { kind: 'http', id: 'C', at: 20, path: '/empty', holdMs: 50 },
      { kind: 'keep-alive', id: 'D', at: 0, requests: [{ at: 0, path: '/stored' }, { at: 150, path: '/stored' }] },
    ],
    signal: 'SIGTERM',
    signalAt: 200,
    graceMs: 30_000,
    profile: 'immediate',
  };
  const options = { entry: ANSWER_SHAPES, env: { ...process.env, BODY_FILE: file.file }, routes: { fast: '/file' }, startupTimeoutMs: STARTUP_TIMEOUT_MS };
  const firstJsonl = (await expectOneHistory(scenario, options, RUNS)).jsonl;
  // the run did what it is meant to: both injections applied, the download completed after the signal
  expect(firstJsonl).toMatch(/"client":"A".*"injection":"applied"/);
  expect(firstJsonl).toMatch(/"t":510,.*"type":"request-outcome","bytesWritten":true,"client":"B".*"outcome":"complete"/);
});
