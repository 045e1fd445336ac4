// A slow or streaming request is there to be in flight at the signal. When its latency or trickle had
// no effect, nothing was in flight, and the checkers must say so — naming the request and the fix —
// instead of `holds`.
import { describe, expect, it } from 'vitest';
import { inFlightComplete } from '../../../src/checkers/in-flight-complete.js';
import { noShutdown5xx } from '../../../src/checkers/no-shutdown-5xx.js';
import { streamCleanEnd } from '../../../src/checkers/stream-clean-end.js';
import type { Checker } from '../../../src/checkers/checker.js';
import type { Scenario } from '../../../src/scenario/types.js';
import { history, messages, notExercisedReason, options, scenario } from './fixtures.js';

const run = (checker: Checker, h: ReturnType<typeof history>, s: Scenario) => checker.check(h.build(), s, options(s));

/** A asks for an answer that takes 300 ms, at 0; the signal goes at 100 */
const slow = scenario([{ kind: 'slow', id: 'A', at: 0, latencyMs: 300 }]);
/** S asks for 5 chunks every 100 ms, at 0; the signal goes at 100 */
const stream = scenario([{ kind: 'stream', id: 'S', at: 0, chunks: 5, everyMs: 100, sse: false }]);
const signalAt100 = (h: ReturnType<typeof history>) => h.at(100).signal().handled().at(110).exit(0);

describe('a slow request', () => {
  it('answered 404 at once exercises nothing, and the reason names it and the config key', () => {
    const h = signalAt100(
      history().listening().handler().at(0).sent('A').open('A').started('A').finished('A', 0, 404).outcome('A', 0, 'complete', { status: 404 }),
    );
    const reason =
      'the slow request 0 of client A was answered 404 at once: the route does not exist or the latency was not ' +
      "applied; name the target's slow route in the config (routes.slow)";
    expect(run(inFlightComplete, h, slow)).toEqual({ verdict: 'not-exercised', reason });
    expect(run(noShutdown5xx, h, slow)).toEqual({ verdict: 'not-exercised', reason });
  });

  it('answered 404 after the signal exercises nothing either: a 4xx route ran nothing that could take long', () => {
    const h = history().listening().handler().at(0).sent('A').open('A').started('A')
      .at(100).signal().handled()
      .at(300).finished('A', 0, 404).outcome('A', 0, 'complete', { status: 404 }).at(310).exit(0);
    expect(notExercisedReason(run(inFlightComplete, h, slow))).toBe(
      'the slow request 0 of client A was answered 404 200 ms after SIGTERM: the route does not exist or the latency ' +
        "was not applied; name the target's slow route in the config (routes.slow)",
    );
  });

  it('answered before the signal although its natural end lies after it exercises nothing', () => {
    const h = signalAt100(
      history().listening().handler().at(0).sent('A').open('A').started('A').at(5).finished('A').answered('A'),
    );
    expect(notExercisedReason(run(inFlightComplete, h, slow))).toBe(
      'the slow request 0 of client A was answered 200 95 ms before SIGTERM, though it should have lasted until ' +
        "200 ms after SIGTERM: the latency was not applied; name the target's slow route in the config (routes.slow)",
    );
  });

  it('whose answer the agent could not hold exercises nothing', () => {
    const h = history().listening().handler().at(0).sent('A').open('A').started('A')
      .at(100).signal().handled().finished('A', 0, 200, false, 'no-effect').answered('A').at(110).exit(0);
    expect(notExercisedReason(run(inFlightComplete, h, slow))).toBe(
      'the agent could not hold the answer to the slow request 0 of client A: the target had already written it ' +
        "out; name the target's slow route in the config (routes.slow)",
    );
  });

  it('whose latency was applied and took effect exercises in-flight-complete', () => {
    const h = history().listening().handler().at(0).sent('A').open('A').started('A')
      .at(100).signal().handled().at(300).finished('A', 0, 200, false, 'applied').answered('A').at(310).exit(0);
    expect(run(inFlightComplete, h, slow)).toEqual({ verdict: 'holds' });
  });

  it('is still a violation when cut, whatever its injection did: only holds turns into not-exercised', () => {
    const h = history().listening().handler().at(0).sent('A').open('A').started('A')
      .at(100).signal().handled().finished('A', 0, 200, false, 'no-effect').outcome('A', 0, 'truncated', { status: 200 })
      .at(110).exit(0);
    expect(messages(run(inFlightComplete, h, slow))[0]).toContain('request 0 of client A');
  });

  it('counts the others like it in the reason', () => {
    const two = scenario([
      { kind: 'slow', id: 'A', at: 0, latencyMs: 300 },
      { kind: 'slow', id: 'B', at: 0, latencyMs: 300 },
    ]);
    const h = signalAt100(
      history().listening().handler()
        .at(0).sent('A').open('A').started('A').finished('A', 0, 404).outcome('A', 0, 'complete', { status: 404 })
        .sent('B').open('B').started('B').finished('B', 0, 404).outcome('B', 0, 'complete', { status: 404 }),
    );
    expect(notExercisedReason(run(inFlightComplete, h, two))).toContain(
      'the route does not exist or the latency was not applied (and 1 more like it); name',
    );
  });
});

describe('a streaming request', () => {
  it('answered 404 at once exercises nothing, and the reason names the stream route', () => {
    const h = signalAt100(
      history().listening().handler().at(0).sent('S').open('S').started('S').finished('S', 0, 404).outcome('S', 0, 'complete', { status: 404 }),
    );
    expect(run(streamCleanEnd, h, stream)).toEqual({
      verdict: 'not-exercised',
      reason:
        'the streaming request 0 of client S was answered 404 at once: the route does not exist or the trickle was ' +
        "not applied; name the target's stream route in the config (routes.stream)",
    });
  });

  it('whose whole body came before the signal exercises nothing', () => {
    const h = signalAt100(history().listening().handler().at(0).sent('S').open('S').started('S').finished('S').answered('S'));
    expect(notExercisedReason(run(streamCleanEnd, h, stream))).toContain('should have lasted until 400 ms after SIGTERM');
  });

  it('that the agent could not trickle exercises nothing', () => {
    const h = history().listening().handler().at(0).sent('S').open('S').started('S')
      .at(100).signal().handled().finished('S', 0, 200, false, 'no-effect').answered('S').at(110).exit(0);
    expect(notExercisedReason(run(streamCleanEnd, h, stream))).toMatch(/^the agent could not trickle the answer/);
  });

  it('mid-body at the signal with its trickle applied exercises stream-clean-end', () => {
    const h = history().listening().handler().at(0).sent('S').open('S').started('S')
      .at(100).signal().handled().at(500).finished('S', 0, 200, false, 'applied').answered('S').at(510).exit(0);
    expect(run(streamCleanEnd, h, stream)).toEqual({ verdict: 'holds' });
  });
});
