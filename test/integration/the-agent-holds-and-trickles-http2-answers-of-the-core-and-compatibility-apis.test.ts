import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOLD_HEADER, STREAM_HEADER } from '../../src/target/agent-protocol.js';
import { launchTarget, type TargetProcess } from '../../src/target/launch.js';
import { requestUnderRealClock, requestUnderVirtualClock, type ClockedAnswer } from '../support/clocked-request.js';
import { fixturePath, STARTUP_TIMEOUT_MS } from '../support/processes.js';

/**
 * The agent's hold and trickle reach HTTP/2 streams as they reach HTTP/1.1 answers, whichever API the
 * server answers with: the core API's respond() and end() on the ServerHttp2Stream, or the
 * compatibility API's Http2ServerResponse (which calls them). A held stream gets its HEADERS and body
 * when the hold ends; a trickled one its HEADERS at once and its body in slices, the last byte at the
 * end; the body is the handler's, byte for byte.
 */
const HOLD_MS = 700;
const CHUNKS = 4;
const EVERY_MS = 100;

const SERVERS = [
  { api: 'core', entry: fixturePath('fidelity/h2-core-api.mjs'), body: 'core api\n' },
  { api: 'compatibility', entry: fixturePath('fidelity/h2-compat-api.mjs'), body: 'compat api\n' },
];

function beforeEnd(answer: ClockedAnswer): number {
  return answer.arrivals.filter((a) => a.t < answer.endAt).reduce((sum, a) => sum + a.bytes, 0);
}

describe.each(SERVERS)('under the virtual clock, the $api API', ({ entry, body }) => {
  let target: TargetProcess;
  beforeAll(async () => {
    target = await launchTarget({ entry, clock: 'virtual', startupTimeoutMs: STARTUP_TIMEOUT_MS });
  });
  afterAll(async () => {
    await target?.dispose();
  });

  it('a held stream gets its HEADERS and body when the hold ends', async () => {
    const sentAt = (await target.command('status'))?.now ?? 0;
    const answer = await requestUnderVirtualClock(target, '/', { [HOLD_HEADER]: String(HOLD_MS) }, 'h2c');
    expect(answer.status).toBe(200);
    expect(answer.headersAt).toBe(sentAt + HOLD_MS);
    expect(answer.endAt).toBe(sentAt + HOLD_MS);
    expect(answer.body.toString()).toBe(body);
    expect(finished(target)).toMatchObject({ status: 200, injection: 'applied' });
  });

  it('a trickled stream is mid-body from its HEADERS until N×M ms, every byte intact', async () => {
    const sentAt = (await target.command('status'))?.now ?? 0;
    const answer = await requestUnderVirtualClock(target, '/', { [STREAM_HEADER]: `${CHUNKS},${EVERY_MS}` }, 'h2c');
    expect(answer.headersAt).toBe(sentAt);
    expect(answer.endAt).toBe(sentAt + CHUNKS * EVERY_MS);
    expect(beforeEnd(answer)).toBeGreaterThan(0);
    expect(beforeEnd(answer)).toBeLessThan(body.length);
    expect(answer.body.toString()).toBe(body);
    expect(finished(target)).toMatchObject({ status: 200, injection: 'applied' });
  });
});

describe('under the virtual clock, an answer with no body', () => {
  let target: TargetProcess;
  beforeAll(async () => {
    target = await launchTarget({ entry: fixturePath('fidelity/h2-core-api.mjs'), clock: 'virtual', startupTimeoutMs: STARTUP_TIMEOUT_MS });
  });
  afterAll(async () => {
    await target?.dispose();
  });

  it('is held, but has nothing to trickle: the agent says the trickle had no effect', async () => {
    const sentAt = (await target.command('status'))?.now ?? 0;
    const held = await requestUnderVirtualClock(target, '/empty', { [HOLD_HEADER]: String(HOLD_MS) }, 'h2c');
    expect(held).toMatchObject({ status: 204, headersAt: sentAt + HOLD_MS });
    expect(finished(target)).toMatchObject({ status: 204, injection: 'applied' });
    const streamed = await requestUnderVirtualClock(target, '/empty', { [STREAM_HEADER]: `${CHUNKS},${EVERY_MS}` }, 'h2c');
    expect(streamed.status).toBe(204);
    expect(streamed.endAt).toBe(streamed.headersAt);
    expect(finished(target)).toMatchObject({ status: 204, injection: 'no-effect' });
  });
});

describe.each(SERVERS)('under the real clock, the $api API', ({ entry, body }) => {
  const REAL_HOLD_MS = 200;
  const REAL_EVERY_MS = 40;
  let target: TargetProcess;
  beforeAll(async () => {
    target = await launchTarget({ entry, clock: 'real', startupTimeoutMs: STARTUP_TIMEOUT_MS });
  });
  afterAll(async () => {
    await target?.dispose();
  });

  it('a held stream begins no sooner than its hold; a trickled one ends no sooner than N×M ms, its last byte held to the end', async () => {
    const held = await requestUnderRealClock(target.port ?? 0, '/', { [HOLD_HEADER]: String(REAL_HOLD_MS) }, 'h2c');
    // 2 ms for Date.now()'s whole milliseconds and a timer timed from the start of its event-loop turn.
    expect(held.headersAt).toBeGreaterThanOrEqual(REAL_HOLD_MS - 2);
    expect(held.body.toString()).toBe(body);
    const streamed = await requestUnderRealClock(target.port ?? 0, '/', { [STREAM_HEADER]: `${CHUNKS},${REAL_EVERY_MS}` }, 'h2c');
    expect(streamed.endAt).toBeGreaterThanOrEqual(CHUNKS * REAL_EVERY_MS - 2);
    const heldUntil = CHUNKS * REAL_EVERY_MS - 2;
    expect(streamed.arrivals.filter((a) => a.t < heldUntil).reduce((sum, a) => sum + a.bytes, 0)).toBeLessThan(body.length);
    expect(streamed.body.toString()).toBe(body);
  });
});

/** The agent's last response-finished event. */
function finished(target: TargetProcess) {
  return target.events.filter((e) => e.type === 'response-finished').at(-1);
}
