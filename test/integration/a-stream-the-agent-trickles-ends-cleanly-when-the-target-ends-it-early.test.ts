// The agent turns any route into a stream (x-shutdown-check-stream): it writes chunks of its own and
// then lets the handler's end() through. A target that ends what is left at its shutdown deadline calls
// end() again on that response, as it would on a real streaming route; the stream must then end there,
// cleanly and shorter, not run on to be cut by the target's exit. A handler that merely calls end()
// twice in one turn must not cut the stream short. Virtual clock: the times below are exact.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/api/run-scenario.js';
import type { EventOf } from '../../src/history/events.js';
import type { Scenario } from '../../src/scenario/types.js';
import { fixturePath, scenarioPath } from '../support/processes.js';

function outcomeOf(history: readonly { type: string }[], client: string): EventOf<'request-outcome'> | undefined {
  return history.find((e): e is EventOf<'request-outcome'> => e.type === 'request-outcome' && (e as EventOf<'request-outcome'>).client === client);
}

describe('a stream the agent trickles', () => {
  it('ends with its final chunk at the reference strategy\'s deadline, though it was meant to outlast the grace period', async () => {
    // 10 chunks, one every 3.33 s: 33.3 s, past a 30 s grace period; the reference ends what is left
    // 29 s after the signal.
    const scenario: Scenario = {
      clients: [{ kind: 'stream', id: 'A', at: 0, chunks: 10, everyMs: 3330, sse: true }],
      signal: 'SIGTERM',
      signalAt: 1560,
      graceMs: 30_000,
      profile: 'immediate',
    };
    const result = await runScenario(scenarioPath('reference.js'), scenario);
    expect(result.run).toEqual({ status: 'completed' });
    const outcome = outcomeOf(result.history, 'A');
    expect(outcome).toMatchObject({ outcome: 'complete', status: 200 });
    // ended by the target's deadline, before the grace period's end and long before the trickle's own
    expect(outcome?.t).toBe(1560 + 29_000);
    // A trickle meant to outlast the grace period is the agent's length, so stream-clean-end leaves it to
    // deadline (it does not exercise the invariant); what this proves is the clean end above.
    expect(result.invariants.find((i) => i.id === 'stream-clean-end')?.verdict).toBe('not-exercised');
    expect(result.verdict).toBe('pass');
  }, 60_000);

  it('runs its whole length when the handler calls end() twice in one turn', async () => {
    const scenario: Scenario = {
      clients: [{ kind: 'stream', id: 'A', at: 0, chunks: 4, everyMs: 100, sse: false }],
      signal: 'SIGTERM',
      signalAt: 1000,
      graceMs: 30_000,
      profile: 'immediate',
    };
    const result = await runScenario(fixturePath('ends-twice.js'), scenario);
    expect(result.run).toEqual({ status: 'completed' });
    expect(outcomeOf(result.history, 'A')).toMatchObject({ outcome: 'complete', status: 200, t: 400 });
    expect(result.history).toContainEqual(expect.objectContaining({ type: 'server-response-finished', client: 'A', injection: 'applied' }));
  }, 60_000);
});
