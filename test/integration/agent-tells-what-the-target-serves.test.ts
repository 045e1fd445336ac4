import { afterEach, expect, it } from 'vitest';
import { launchTarget, type TargetProcess } from '../../src/target/launch.js';
import { fixturePath, scenarioPath } from '../support/processes.js';

let target: TargetProcess | undefined;
afterEach(async () => {
  await target?.dispose();
});

it.each([
  [scenarioPath('reference.js'), { http: true, upgrade: true }],
  [scenarioPath('drain-with-deadline.js'), { http: true, upgrade: false }],
  [fixturePath('echo-server.js'), { http: false, upgrade: false }],
])('%s is described as %o', async (file, expected) => {
  target = await launchTarget({ entry: file, clock: 'virtual' });
  expect(await target.describe()).toEqual(expected);
});
