import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOLD_HEADER } from '../../src/target/agent-protocol.js';
import { launchTarget, type TargetProcess } from '../../src/target/launch.js';
import { ANSWER_SHAPES, bodyFile, shapes } from '../support/answer-shapes.js';
import { requestUnderRealClock, requestUnderVirtualClock } from '../support/clocked-request.js';
import { STARTUP_TIMEOUT_MS } from '../support/processes.js';

/**
 * A held answer reaches the client no sooner than the latency asked for, whatever way the handler
 * produces it — written whole before end(), headers stored with a Content-Length, headers flushed
 * early, a file piped — and the client gets exactly the bytes the handler wrote.
 */
const file = bodyFile();
const HOLD_MS = 500;

describe('under the virtual clock', () => {
  let target: TargetProcess;
  beforeAll(async () => {
    target = await launchTarget({ entry: ANSWER_SHAPES, clock: 'virtual', env: { ...process.env, BODY_FILE: file.file }, startupTimeoutMs: STARTUP_TIMEOUT_MS });
  });
  afterAll(async () => {
    await target?.dispose();
  });

  it.each(shapes(file.bytes))('$path arrives whole, $framing, exactly when the hold ends', async ({ path, framing, body }) => {
    const sentAt = (await target.command('status'))?.now ?? 0;
    const answer = await requestUnderVirtualClock(target, path, { [HOLD_HEADER]: String(HOLD_MS) });
    expect(answer.status).toBe(200);
    expect(answer.headersAt).toBe(sentAt + HOLD_MS);
    expect(new Set(answer.arrivals.map((a) => a.t))).toEqual(new Set([sentAt + HOLD_MS]));
    expect(answer.endAt).toBe(sentAt + HOLD_MS);
    if (framing === 'content-length') expect(answer.headers['content-length']).toBe(String(body.length));
    else expect(answer.headers['transfer-encoding']).toBe('chunked');
    expect(answer.body.equals(body)).toBe(true);
  });
});

describe('under the real clock', () => {
  const REAL_HOLD_MS = 150;
  let target: TargetProcess;
  beforeAll(async () => {
    target = await launchTarget({ entry: ANSWER_SHAPES, clock: 'real', env: { ...process.env, BODY_FILE: file.file }, startupTimeoutMs: STARTUP_TIMEOUT_MS });
  });
  afterAll(async () => {
    await target?.dispose();
  });

  it.each(shapes(file.bytes))('$path arrives whole, $framing, no sooner than the hold', async ({ path, framing, body }) => {
    const answer = await requestUnderRealClock(target.port ?? 0, path, { [HOLD_HEADER]: String(REAL_HOLD_MS) });
    expect(answer.status).toBe(200);
    // The due time is counted from when the target read the request, after the client sent it; 2 ms for
    // Date.now()'s whole milliseconds and a timer timed from the start of its event-loop turn.
    expect(answer.headersAt).toBeGreaterThanOrEqual(REAL_HOLD_MS - 2);
    if (framing === 'content-length') expect(answer.headers['content-length']).toBe(String(body.length));
    else expect(answer.headers['transfer-encoding']).toBe('chunked');
    expect(answer.body.equals(body)).toBe(true);
  });
});
