import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STREAM_HEADER } from '../../src/target/agent-protocol.js';
import { launchTarget, type TargetProcess } from '../../src/target/launch.js';
import { ANSWER_SHAPES, bodyFile, shapes } from '../support/answer-shapes.js';
import type { ClockedAnswer } from '../support/clocked-request.js';
import { requestUnderRealClock, requestUnderVirtualClock } from '../support/clocked-request.js';
import { STARTUP_TIMEOUT_MS } from '../support/processes.js';

/**
 * An injected trickle of N chunks every M ms shows the client a response begun and unfinished for
 * N×M ms even when the handler stored its headers with a Content-Length or wrote its whole body before
 * end(): the agent lets the handler's own bytes out in slices, holding the last to the end, so the
 * framing the handler chose stays correct and the client gets exactly its bytes.
 */
const file = bodyFile();
const CHUNKS = 4;

/** Body bytes that had arrived `margin` ms or more before the answer ended. */
function beforeEnd(answer: ClockedAnswer, margin = 0): number {
  return answer.arrivals.filter((a) => a.t < answer.endAt - margin).reduce((sum, a) => sum + a.bytes, 0);
}

describe('under the virtual clock', () => {
  const EVERY_MS = 100;
  let target: TargetProcess;
  beforeAll(async () => {
    target = await launchTarget({ entry: ANSWER_SHAPES, clock: 'virtual', env: { ...process.env, BODY_FILE: file.file }, startupTimeoutMs: STARTUP_TIMEOUT_MS });
  });
  afterAll(async () => {
    await target?.dispose();
  });

  it.each(shapes(file.bytes))('$path is mid-body from its headers until N×M ms, $framing, every byte intact', async ({ path, framing, body }) => {
    const sentAt = (await target.command('status'))?.now ?? 0;
    const answer = await requestUnderVirtualClock(target, path, { [STREAM_HEADER]: `${CHUNKS},${EVERY_MS}` });
    expect(answer.status).toBe(200);
    expect(answer.headersAt).toBe(sentAt);
    expect(answer.endAt).toBe(sentAt + CHUNKS * EVERY_MS);
    expect(beforeEnd(answer)).toBeGreaterThan(0);
    expect(beforeEnd(answer)).toBeLessThan(body.length);
    if (framing === 'content-length') expect(answer.headers['content-length']).toBe(String(body.length));
    else expect(answer.headers['transfer-encoding']).toBe('chunked');
    expect(answer.body.equals(body)).toBe(true);
  });

  it("a response whose headers are not stored when it ends gets the agent's chunks, then the handler's body", async () => {
    const sentAt = (await target.command('status'))?.now ?? 0;
    const answer = await requestUnderVirtualClock(target, '/', { [STREAM_HEADER]: `${CHUNKS},${EVERY_MS},sse` });
    expect(answer.headers['content-type']).toBe('text/event-stream');
    expect(answer.headers['transfer-encoding']).toBe('chunked');
    expect(answer.body.toString()).toBe('data: 0\n\ndata: 1\n\ndata: 2\n\ndata: 3\n\nok\n');
    expect(answer.arrivals.map((a) => a.t)).toEqual([0, 1, 2, 3, 4].map((k) => sentAt + k * EVERY_MS));
  });
});

describe('under the real clock', () => {
  const EVERY_MS = 40;
  let target: TargetProcess;
  beforeAll(async () => {
    target = await launchTarget({ entry: ANSWER_SHAPES, clock: 'real', env: { ...process.env, BODY_FILE: file.file }, startupTimeoutMs: STARTUP_TIMEOUT_MS });
  });
  afterAll(async () => {
    await target?.dispose();
  });

  it.each(shapes(file.bytes))('$path ends no sooner than N×M ms, $framing, every byte intact', async ({ path, framing, body }) => {
    const answer = await requestUnderRealClock(target.port ?? 0, path, { [STREAM_HEADER]: `${CHUNKS},${EVERY_MS}` });
    expect(answer.status).toBe(200);
    // 2 ms for Date.now()'s whole milliseconds and a timer timed from the start of its event-loop turn.
    expect(answer.endAt).toBeGreaterThanOrEqual(CHUNKS * EVERY_MS - 2);
    // The last byte is held for the last step: before N×M ms from the request, some of the body was
    // still to come. Timed from the request, not from the end the client saw: a stalled harness sees
    // the end of a content-length body late, after every byte had arrived.
    const heldUntil = CHUNKS * EVERY_MS - 2;
    expect(answer.arrivals.filter((a) => a.t < heldUntil).reduce((sum, a) => sum + a.bytes, 0)).toBeLessThan(body.length);
    if (framing === 'content-length') expect(answer.headers['content-length']).toBe(String(body.length));
    else expect(answer.headers['transfer-encoding']).toBe('chunked');
    expect(answer.body.equals(body)).toBe(true);
  });
});
