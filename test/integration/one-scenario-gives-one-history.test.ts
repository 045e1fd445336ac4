import { describe, expect, it } from 'vitest';
import { executeScenario } from '../../src/run/executor.js';
import type { Scenario } from '../../src/scenario/types.js';
import { everyKindMix, expectOneHistory, inFlight } from '../support/scenarios.js';
import { fixturePath, scenarioPath, STARTUP_TIMEOUT_MS } from '../support/processes.js';

const RUNS = 30;

/**
 * The determinism contract: under the virtual clock, one scenario against one target gives one
 * canonical history, byte for byte. Three shapes of shutdown: a correct drain, an exit that cuts the
 * request, and a target that ignores the signal until the SIGKILL.
 */
describe.each([
  ['drain-with-deadline.js', 'complete', 'exits with code 0 once the request is answered'],
  ['exit-at-once.js', 'closed-before-response', 'exits at the signal'],
  ['ignore-signal.js', 'complete', 'is SIGKILLed at the end of the grace period'],
])('the same scenario run %i times against %s', (target, outcome) => {
  it(`gives one canonical history hash (${RUNS} runs)`, async () => {
    const hashes = new Map<string, number>();
    let first: Awaited<ReturnType<typeof executeScenario>> | undefined;
    for (let i = 0; i < RUNS; i++) {
      const result = await executeScenario(inFlight(), { entry: scenarioPath(target), startupTimeoutMs: STARTUP_TIMEOUT_MS });
      expect(result.run).toEqual({ status: 'completed' });
      hashes.set(result.historyHash, (hashes.get(result.historyHash) ?? 0) + 1);
      first ??= result;
      if (result.historyHash !== first.historyHash) {
        // Show the first divergence rather than two opaque hashes.
        expect(result.jsonl).toBe(first.jsonl);
      }
    }
    expect([...hashes.values()]).toEqual([RUNS]);
    const outcomeEvent = first?.history.find((e) => e.type === 'request-outcome');
    expect(outcomeEvent).toMatchObject({ client: 'A', outcome });
  });
});

it('every client kind at once against the reference target gives one history hash (20 runs)', async () => {
  await expectOneHistory(everyKindMix(true), { entry: scenarioPath('reference.js'), routes: { websocket: '/ws' }, startupTimeoutMs: STARTUP_TIMEOUT_MS }, 20);
});

it('two silent connections ended together as the target exits give one history hash (20 runs)', async () => {
  // The reference ends both silent connections with FIN on one timer and exits from server.close()'s
  // callback. Whether the clients' FINs reach the target in one poll or two must not change what the
  // history says about the server's side of those connections.
  const scenario: Scenario = {
    clients: [
      { kind: 'silent', id: 'A', at: 890 },
      { kind: 'silent', id: 'C', at: 530 },
    ],
    signal: 'SIGTERM',
    signalAt: 890,
    graceMs: 30_000,
    profile: 'immediate',
  };
  const first = await expectOneHistory(scenario, { entry: scenarioPath('reference.js'), startupTimeoutMs: STARTUP_TIMEOUT_MS }, 20);
  expect(first.jsonl.match(/"server-connection-closed"/g)).toHaveLength(2);
});

it('a 20 MB body written as fast as its client reads it, and files read to send it, land in the steps that asked for them (20 runs)', async () => {
  // A static file server reads the file on libuv's thread pool and writes it as its client reads: both
  // answer in real time, after any number of idle turns of the target's loop. The agent answers a step
  // only once they are done, so the download ends in its own step, not whenever the machine got to it.
  const scenario: Scenario = {
    clients: [{ kind: 'keep-alive', id: 'A', at: 0, requests: [{ at: 0, path: '/big.bin' }, { at: 200, path: '/big.bin' }] }],
    signal: 'SIGTERM',
    signalAt: 250,
    graceMs: 30_000,
    profile: 'immediate',
  };
  const options = { entry: fixturePath('real-servers/http-server-static.js'), routes: { fast: '/big.bin' }, startupTimeoutMs: STARTUP_TIMEOUT_MS };
  const first = await expectOneHistory(scenario, options, 20);
  expect(first.jsonl).toMatch(/"t":0,"step":1,"type":"request-outcome".*"request":0/);
});
