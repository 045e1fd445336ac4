import { afterAll, beforeAll, expect, it } from 'vitest';
import { HOLD_HEADER, STREAM_HEADER } from '../../src/target/agent-protocol.js';
import { launchTarget, type TargetProcess } from '../../src/target/launch.js';
import { ANSWER_SHAPES, bodyFile } from '../support/answer-shapes.js';
import { requestUnderVirtualClock } from '../support/clocked-request.js';
import { STARTUP_TIMEOUT_MS } from '../support/processes.js';

/**
 * The agent takes in up to 64 MB of a held answer before the handler's writes answer `false`. A piped
 * download larger than that waits for 'drain', which the agent gives once it lets the bytes out: the
 * pipe goes on, and every byte arrives, in order.
 */
const file = bodyFile(80);
let target: TargetProcess;
beforeAll(async () => {
  target = await launchTarget({ entry: ANSWER_SHAPES, clock: 'virtual', env: { ...process.env, BODY_FILE: file.file }, startupTimeoutMs: STARTUP_TIMEOUT_MS });
});
afterAll(async () => {
  await target?.dispose();
});

it('an 80 MB download held 500 ms arrives whole when the hold ends', async () => {
  const sentAt = (await target.command('status'))?.now ?? 0;
  const answer = await requestUnderVirtualClock(target, '/file', { [HOLD_HEADER]: '500' });
  expect(answer.headersAt).toBe(sentAt + 500);
  expect(answer.body.equals(file.bytes)).toBe(true);
});

it('an 80 MB download trickled in 4 slices arrives whole at the end of the trickle', async () => {
  const sentAt = (await target.command('status'))?.now ?? 0;
  const answer = await requestUnderVirtualClock(target, '/file', { [STREAM_HEADER]: '4,100' });
  expect(answer.endAt).toBe(sentAt + 400);
  expect(answer.body.equals(file.bytes)).toBe(true);
});
