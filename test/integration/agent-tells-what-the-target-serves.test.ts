import { afterEach, expect, it } from 'vitest';
import { launchTarget, type TargetProcess } from '../../src/target/launch.js';
import { fixturePath, scenarioPath } from '../support/processes.js';

const PLAIN = { http1: true, https: false, h2c: false, h2: false };
const NONE = { http1: false, https: false, h2c: false, h2: false };

let target: TargetProcess | undefined;
afterEach(async () => {
  await target?.dispose();
});

it.each([
  [scenarioPath('reference.js'), { http: true, upgrade: true, websocketPaths: [], protocols: PLAIN }],
  [scenarioPath('drain-with-deadline.js'), { http: true, upgrade: false, websocketPaths: [], protocols: PLAIN }],
  [fixturePath('echo-server.js'), { http: false, upgrade: false, websocketPaths: [], protocols: NONE }],
  // `require('ws')` and `import { WebSocketServer } from 'ws'` alike
  [fixturePath('ws-chat-cut-at-shutdown.cjs'), { http: true, upgrade: true, websocketPaths: ['/chat'], protocols: PLAIN }],
  [fixturePath('ws-chat-cut-at-shutdown.mjs'), { http: true, upgrade: true, websocketPaths: ['/chat'], protocols: PLAIN }],
  // first made first; with noServer the target routes upgrades itself, and ws still checks the path
  [fixturePath('ws-two-paths.mjs'), { http: true, upgrade: true, websocketPaths: ['/chat', '/feed'], protocols: PLAIN }],
  // https.Server is a tls.Server, the http2 servers are net.Server and tls.Server: none is an http.Server
  [scenarioPath('https-reference.js'), { http: true, upgrade: true, websocketPaths: [], protocols: { ...NONE, https: true } }],
  [scenarioPath('http2-goaway.js'), { http: true, upgrade: false, websocketPaths: [], protocols: { ...NONE, h2c: true } }],
  [scenarioPath('http2-tls.js'), { http: true, upgrade: false, websocketPaths: [], protocols: { ...NONE, h2: true } }],
])('%s is described as %o', async (file, expected) => {
  target = await launchTarget({ entry: file, clock: 'virtual' });
  expect(await target.describe()).toEqual(expected);
});
