import { afterEach, expect, it } from 'vitest';
import { launchTarget, type TargetProcess } from '../../src/target/launch.js';
import { scenarioPath } from '../support/processes.js';

let target: TargetProcess | undefined;
afterEach(async () => {
  await target?.dispose();
});

it.each([
  ['reference.js', true],
  ['drain-with-deadline.js', false],
])('%s has a WebSocket endpoint: %s', async (file, expected) => {
  target = await launchTarget({ entry: scenarioPath(file), clock: 'virtual' });
  expect(await target.acceptsUpgrades()).toBe(expected);
});
