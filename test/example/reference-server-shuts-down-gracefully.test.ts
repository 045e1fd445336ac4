/**
 * An example suite, written as a user of shutdown-check writes one for their own server: a property
 * over generated shutdown scenarios, and the whole search of `npx shutdown-check --target`.
 *
 * EXAMPLE_SERVER picks the server (default: the reference strategy, which holds every invariant).
 * test/e2e runs this file against a strategy that exits at once, to prove that it then fails and
 * prints the command that replays the failure.
 */
import { test } from '@fast-check/vitest';
import { checkShutdown, runScenario, shutdownScenario } from 'shutdown-check';
import 'shutdown-check/vitest';
import { expect } from 'vitest';

const server = process.env.EXAMPLE_SERVER ?? 'scenarios/reference.js';

// Each run starts the server afresh and costs about a second of real time, so the runs stay few and
// the timeouts generous; a fixed seed keeps the suite the same from run to run.
test.prop([shutdownScenario({ clients: ['keep-alive', 'slow', 'stream', 'websocket'], maxClients: 3 })], { numRuns: 5, seed: 1 })(
  'requests in flight, streams and WebSockets end cleanly whenever SIGTERM comes',
  async (scenario) => {
    expect(await runScenario(server, scenario)).toShutDownGracefully();
  },
  120_000,
);

test('the whole search finds no violated invariant', { timeout: 120_000 }, async () => {
  expect(await checkShutdown({ target: server, runs: 5, seed: 1 })).toShutDownGracefully();
});
