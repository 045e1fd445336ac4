import { describe, expect, it } from 'vitest';
import { focusTimes } from '../../../src/run/focus.js';
import { history, scenario, typicalRun } from '../checkers/fixtures.js';

describe('focusTimes', () => {
  it('is the listener\'s close and the exit for a run that drained and exited, after the signal, in ms from it', () => {
    const { scenario: s, history: h } = typicalRun();
    // the signal at 100 ms, the listener closed at 130 ms, the exit at 320 ms; connections ended by the
    // server had their answers
    expect(focusTimes(h, s)).toEqual([30, 220]);
  });

  it('holds a server deadline that cut a slow request and a stream, then the exit, each once', () => {
    const s = scenario([
      { kind: 'slow', id: 'A', at: 0, latencyMs: 9_000 },
      { kind: 'stream', id: 'B', at: 0, chunks: 10, everyMs: 1_000, sse: false },
    ]);
    const h = history()
      .listening()
      .handler()
      .at(0).sent('A').open('A').started('A').sent('B').open('B').started('B')
      .at(100).signal().handled().listenerClosed()
      // its own deadline, 5 s after the signal: both connections destroyed mid-answer
      .at(5_100).ended('A', 'rst').outcome('A', 0, 'reset-before-response').ended('B', 'rst').outcome('B', 0, 'reset-mid-response', { status: 200 })
      .at(5_103).exit(0)
      .build();
    // the cuts at 5000 ms after the signal, and the exit 3 ms later, on the same tick
    expect(focusTimes(h, s)).toEqual([5_000]);
  });

  it('holds a listener closed after a drain delay, and a connection ended with a request unanswered', () => {
    const s = scenario(
      [{ kind: 'keep-alive', id: 'K', at: 0, requests: [{ at: 0, path: '/' }, { at: 2_000, path: '/' }] }],
      { profile: 'kubernetes' },
    );
    const h = history()
      .listening()
      .handler()
      .at(0).sent('K').open('K').started('K').finished('K').answered('K')
      .at(100).signal().handled()
      .at(1_100).listenerClosed()
      .at(2_000).sent('K', 1).ended('K', 'fin')
      .at(2_000).outcome('K', 1, 'closed-before-response')
      .build();
    expect(focusTimes(h, s)).toEqual([1_000, 1_900]);
  });

  it('leaves out what happened at the signal itself and what the SIGKILL did', () => {
    const s = scenario([{ kind: 'slow', id: 'A', at: 0, latencyMs: 20_000 }]);
    const atOnce = history()
      .listening()
      .at(0).sent('A').open('A').started('A')
      .at(100).signal().ended('A', 'fin').outcome('A', 0, 'closed-before-response').exit(null, 'SIGTERM')
      .build();
    expect(focusTimes(atOnce, s)).toEqual([]);
    const killed = history()
      .listening()
      .handler()
      .at(0).sent('A').open('A').started('A')
      .at(100).signal().handled()
      .at(10_100).kill().ended('A', 'rst').outcome('A', 0, 'reset-before-response').exit(null, 'SIGKILL')
      .build();
    expect(focusTimes(killed, s)).toEqual([]);
  });

  it('is empty when no signal was sent', () => {
    const s = scenario([]);
    expect(focusTimes(history().listening().at(5).exit(1).build(), s)).toEqual([]);
  });

  it('rounds a real-clock time to whole ticks', () => {
    const s = scenario([]);
    const h = history().listening().handler().at(100).signal().handled().at(1_234.6).exit(0).build();
    expect(focusTimes(h, s)).toEqual([1_130]);
  });
});
