import { expect, it } from 'vitest';
import type { HistoryEvent } from '../../src/history/events.js';
import { executeScenario } from '../../src/run/executor.js';
import type { Scenario } from '../../src/scenario/types.js';
import { fixturePath, scenarioPath, STARTUP_TIMEOUT_MS } from '../support/processes.js';

/**
 * The agent holds an HTTP/2 answer as it holds an HTTP/1.1 one, on the virtual clock: without any
 * route of the target's, a stream asking for a 2 s hold is in flight across a signal at 1 s, and one
 * asking for a trickle of 4 × 500 ms is mid-body there.
 */
const scenario: Scenario = {
  clients: [{ kind: 'h2', id: 'H', at: 0, requests: [{ at: 0, latencyMs: 2_000 }, { at: 0, stream: { chunks: 4, everyMs: 500, sse: false } }] }],
  signal: 'SIGTERM',
  signalAt: 1_000,
  graceMs: 30_000,
  profile: 'immediate',
};

function of(history: readonly HistoryEvent[], type: HistoryEvent['type'], request: number): HistoryEvent | undefined {
  return history.find((e) => e.type === type && 'request' in e && e.request === request);
}

it('against the reference HTTP/2 strategy, a held stream is answered when its hold ends, after the GOAWAY that names it', async () => {
  const result = await executeScenario(scenario, { entry: scenarioPath('http2-goaway.js'), startupTimeoutMs: STARTUP_TIMEOUT_MS });
  expect(result.run).toEqual({ status: 'completed' });
  const h = result.history;
  expect(h.find((e) => e.type === 'goaway-received')).toMatchObject({ t: 1_000, lastStreamId: 3 });
  expect(of(h, 'response-began', 0)).toMatchObject({ t: 2_000, status: 200 });
  expect(of(h, 'request-outcome', 0)).toMatchObject({ t: 2_000, outcome: 'complete' });
  // The trickled stream: HEADERS at once, the body's end after 4 × 500 ms.
  expect(of(h, 'response-began', 1)).toMatchObject({ t: 0, status: 200 });
  expect(of(h, 'request-outcome', 1)).toMatchObject({ t: 2_000, outcome: 'complete' });
  // The server finished them when they went out, and the agent says its injection took effect.
  expect(h.filter((e) => e.type === 'server-response-finished')).toEqual([
    expect.objectContaining({ request: 0, t: 2_000, injection: 'applied' }),
    expect.objectContaining({ request: 1, t: 2_000, injection: 'applied' }),
  ]);
});

/**
 * One history twice. Against a server that sends no GOAWAY: Node sends a second GOAWAY with the FIN of
 * a closed session, which the client reads before, after or without its last stream's end, the same
 * with the target's own slow route as with the agent's hold (8 runs of this scenario against
 * http2-goaway.js with `/slow?ms=2000` gave three different orders).
 */
it('the same scenario gives the same history twice', async () => {
  const run = () => executeScenario(scenario, { entry: fixturePath('fidelity/h2-compat-api.mjs'), startupTimeoutMs: STARTUP_TIMEOUT_MS });
  const first = await run();
  expect(first.run).toEqual({ status: 'completed' });
  expect(of(first.history, 'request-outcome', 0)).toMatchObject({ t: 2_000, outcome: 'complete' });
  expect(of(first.history, 'request-outcome', 1)).toMatchObject({ t: 2_000, outcome: 'complete' });
  const second = await run();
  expect(second.history).toEqual(first.history);
});

/**
 * The reference's deadline (29 s) ends every answer it sees unfinished, then exits 100 ms later. A held
 * answer reads unfinished to it, as a slow handler's would, and its end() lets the held answer out at
 * once: the stream completes at the deadline instead of going out with the exit and being cut there.
 */
it("a held answer the target ends at its shutdown deadline goes out then, whole, and is not cut by the exit", async () => {
  const pastDeadline: Scenario = { ...scenario, clients: [{ kind: 'h2', id: 'H', at: 0, requests: [{ at: 0, latencyMs: 29_100 }] }], signalAt: 0 };
  const result = await executeScenario(pastDeadline, { entry: scenarioPath('http2-goaway.js'), startupTimeoutMs: STARTUP_TIMEOUT_MS });
  expect(result.run).toEqual({ status: 'completed' });
  expect(of(result.history, 'request-outcome', 0)).toMatchObject({ t: 29_000, outcome: 'complete' });
  expect(result.history.find((e) => e.type === 'target-exited')).toMatchObject({ code: 0 });
});
