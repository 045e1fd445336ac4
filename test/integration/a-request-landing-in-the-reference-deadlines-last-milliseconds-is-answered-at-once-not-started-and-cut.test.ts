// reference.js's hard deadline (29 s after the signal) ends what is still running and exits
// FINAL_CHUNKS_MS (100 ms) later. With the target's own routes (a config file's `routes`, not the agent's
// injected latency and streams), two things meet that deadline on a keep-alive connection:
// - a stream begun before the signal is ended there, without Connection: close (its head went out
//   before the drain), so its client sends its next request on that connection at once: that request
//   must be answered at once and ended with Connection: close (a 503 for a stream, which the exit would
//   otherwise cut mid-body), never started and then cut;
// - a slow answer read before the signal but not begun is given its end there: its head is decided
//   during the drain and must say Connection: close; and the route's own timer, firing after that end
//   but before the exit, must not throw.
// Virtual clock: the times below are exact.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/api/run-scenario.js';
import type { EventOf, HistoryEvent } from '../../src/history/events.js';
import type { Scenario } from '../../src/scenario/types.js';
import { scenarioPath } from '../support/processes.js';

function ownRoutesConfig(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'shutdown-check-reference-deadline-'));
  const file = path.join(dir, 'shutdown-check.config.json');
  writeFileSync(file, JSON.stringify({ routes: { slow: '/slow?ms={ms}', stream: '/events?n={chunks}&every={every}' } }));
  return file;
}

function outcomes(history: readonly HistoryEvent[], client: string): EventOf<'request-outcome'>[] {
  return history.filter((e): e is EventOf<'request-outcome'> => e.type === 'request-outcome' && e.client === client);
}

function verdictOf(result: Awaited<ReturnType<typeof runScenario>>, id: string): string | undefined {
  return result.invariants.find((i) => i.id === id)?.verdict;
}

describe("the reference strategy's deadline, with the target's own routes", () => {
  it('answers a stream asked for in its last milliseconds on a kept-alive connection with a 503 and Connection: close, not a stream the exit cuts', async () => {
    const scenario: Scenario = {
      clients: [
        {
          kind: 'keep-alive',
          id: 'A',
          at: 0,
          requests: [
            // one chunk after 40 s: still running at the deadline, which ends it
            { at: 0, stream: { chunks: 1, everyMs: 40_000, sse: false } },
            // sent on the same connection the instant the first one ends
            { at: 0, stream: { chunks: 1, everyMs: 5_000, sse: false } },
          ],
        },
      ],
      signal: 'SIGTERM',
      signalAt: 1000,
      graceMs: 30_000,
      profile: 'immediate',
    };
    const result = await runScenario(scenarioPath('reference.js'), scenario, { config: ownRoutesConfig() });
    expect(result.run).toEqual({ status: 'completed' });
    const [first, second] = outcomes(result.history, 'A');
    expect(first).toMatchObject({ outcome: 'complete', status: 200, t: 1000 + 29_000 });
    expect(second).toMatchObject({ outcome: 'drain-refusal', status: 503, t: 1000 + 29_000 });
    expect(verdictOf(result, 'stream-clean-end')).not.toBe('violated');
    expect(verdictOf(result, 'clean-exit')).toBe('holds');
    expect(result.verdict).toBe('pass');
  }, 60_000);

  it('gives a slow answer it ends early Connection: close, and its own timer firing before the exit does not throw', async () => {
    const scenario: Scenario = {
      clients: [
        // read before the signal; its timer fires 10 ms after the deadline, inside the 100 ms before the exit
        { kind: 'keep-alive', id: 'A', at: 0, requests: [{ at: 0, latencyMs: 29_010 }] },
        // a stream the deadline ends on a connection that stays open: the process lingers those 100 ms
        { kind: 'keep-alive', id: 'B', at: 0, requests: [{ at: 0, stream: { chunks: 1, everyMs: 40_000, sse: false } }] },
      ],
      signal: 'SIGTERM',
      signalAt: 0,
      graceMs: 30_000,
      profile: 'immediate',
    };
    const result = await runScenario(scenarioPath('reference.js'), scenario, { config: ownRoutesConfig() });
    expect(result.run).toEqual({ status: 'completed' });
    expect(outcomes(result.history, 'A')).toEqual([
      expect.objectContaining({ outcome: 'complete', status: 200, t: 29_000, connectionClose: true }),
    ]);
    expect(result.history.filter((e) => e.type === 'uncaught-exception')).toEqual([]);
    expect(result.history).toContainEqual(expect.objectContaining({ type: 'target-exited', code: 0, t: 29_100 }));
    expect(verdictOf(result, 'drain-connection-close')).toBe('holds');
    expect(verdictOf(result, 'clean-exit')).toBe('holds');
    expect(result.verdict).toBe('pass');
  }, 60_000);
});
