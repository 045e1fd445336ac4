import { afterEach, expect, it } from 'vitest';
import { launchTarget, type TargetProcess } from '../../src/target/launch.js';
import { fixturePath, scenarioPath } from '../support/processes.js';

let target: TargetProcess | undefined;
afterEach(async () => {
  await target?.dispose();
});

it.each([
  [scenarioPath('reference.js'), { http: true, upgrade: true, websocketPaths: [] }],
  [scenarioPath('drain-with-deadline.js'), { http: true, upgrade: false, websocketPaths: [] }],
  [fixturePath('echo-server.js'), { http: false, upgrade: false, websocketPaths: [] }],
  // `require('ws')` and `import { WebSocketServer } from 'ws'` alike
  [fixturePath('ws-chat-cut-at-shutdown.cjs'), { http: true, upgrade: true, websocketPaths: ['/chat'] }],
  [fixturePath('ws-chat-cut-at-shutdown.mjs'), { http: true, upgrade: true, websocketPaths: ['/chat'] }],
  // first made first; with noServer the target routes upgrades itself, and ws still checks the path
  [fixturePath('ws-two-paths.mjs'), { http: true, upgrade: true, websocketPaths: ['/chat', '/feed'] }],
])('%s is described as %o', async (file, expected) => {
  target = await launchTarget({ entry: file, clock: 'virtual' });
  expect(await target.describe()).toEqual(expected);
});
