import { expect, it } from 'vitest';
import { checkAll } from '../../src/checkers/catalogue.js';
import { executeScenario } from '../../src/run/executor.js';
import type { Scenario } from '../../src/scenario/types.js';
import { ANSWER_SHAPES, bodyFile } from '../support/answer-shapes.js';
import { STARTUP_TIMEOUT_MS } from '../support/processes.js';

/**
 * A static server with no shutdown handling pipes a download and exits at the signal. Held by the
 * agent past the signal, the download is in flight when it exits, and in-flight-complete says so.
 */
it('a piped download held past the signal is cut when the server exits at once', async () => {
  const file = bodyFile();
  const scenario: Scenario = {
    clients: [{ kind: 'http', id: 'A', at: 0, path: '/file', holdMs: 1000 }],
    signal: 'SIGTERM',
    signalAt: 100,
    graceMs: 30_000,
    profile: 'immediate',
  };
  const result = await executeScenario(scenario, {
    entry: ANSWER_SHAPES,
    env: { ...process.env, BODY_FILE: file.file, EXIT_AT_ONCE: '1' },
    startupTimeoutMs: STARTUP_TIMEOUT_MS,
  });
  expect(result.run).toEqual({ status: 'completed' });
  expect(result.history.some((e) => e.type === 'server-response-finished')).toBe(false);
  const outcome = result.history.find((e) => e.type === 'request-outcome');
  expect(outcome).toMatchObject({ client: 'A', t: 100 });
  expect(outcome?.type === 'request-outcome' && outcome.outcome).not.toBe('complete');
  const report = checkAll(result.history, scenario);
  expect(report.results.find((r) => r.id === 'in-flight-complete')?.verdict.verdict).toBe('violated');
});
