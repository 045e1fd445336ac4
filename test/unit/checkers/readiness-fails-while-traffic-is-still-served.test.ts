import { describe, expect, it } from 'vitest';
import { readiness } from '../../../src/checkers/readiness.js';
import type { Scenario } from '../../../src/scenario/types.js';
import { history, messages, options, reason, scenario } from './fixtures.js';

/** kubernetes profile, signal at 100, a 5 s drain delay (the default): the window is [100, 5 100] */
const s = scenario(
  [
    { kind: 'http', id: 'P', at: 150, path: '/readyz' },
    { kind: 'http', id: 'A', at: 200, path: '/' },
    { kind: 'late', id: 'L', at: 300, attempts: [] },
  ],
  { profile: 'kubernetes' },
);
const check = (h: ReturnType<typeof history>, sc: Scenario = s) => readiness.check(h.build(), sc, options(sc));
const signalled = () => history().listening().handler().at(100).signal().handled();

describe('readiness', () => {
  it('holds when the probe fails and traffic is still served during the drain delay', () => {
    const h = signalled()
      .at(150).sent('P', 0, '/readyz').open('P').started('P', 0, '/readyz').outcome('P', 0, 'complete', { status: 503 })
      .at(200).sent('A').open('A').started('A').answered('A')
      .at(300).sent('L').open('L').started('L').answered('L');
    expect(check(h)).toEqual({ verdict: 'holds' });
  });

  it('is violated when the probe still answers 2xx after the signal', () => {
    const h = signalled().at(150).sent('P', 0, '/readyz').open('P').started('P', 0, '/readyz').answered('P');
    expect(messages(check(h))).toEqual([
      'the readiness probe request 0 of client P, sent 50 ms after SIGTERM to /readyz, still answered 200',
    ]);
  });

  it('is violated when the target stops serving inside the drain delay', () => {
    const h = signalled()
      .listenerClosed()
      .at(200).sent('A').connect('A').refused('A').outcome('A', 0, 'refused', { bytesWritten: false });
    expect(messages(check(h))).toEqual([
      'request 0 of client A, sent 100 ms after SIGTERM within the 5000 ms drain delay, was refused 100 ms after SIGTERM, though the target should still serve it',
    ]);
  });

  it('counts a 503 inside the drain delay as not served', () => {
    const h = signalled().at(200).sent('A').open('A').outcome('A', 0, 'drain-refusal', { status: 503, connectionClose: true });
    expect(messages(check(h))[0]).toContain('request 0 of client A');
  });

  it('does not judge ordinary requests after the drain delay', () => {
    const late = scenario([{ kind: 'late', id: 'L', at: 6_000, attempts: [] }], { profile: 'kubernetes' });
    const h = signalled().at(5_200).listenerClosed().at(6_000).sent('L').connect('L').refused('L').outcome('L', 0, 'refused');
    // nor is a run without a probe after the signal a test of readiness
    expect(check(h, late)).toEqual({ verdict: 'not-exercised', reason: 'no readiness probe (/readyz) was sent after SIGTERM' });
  });

  it('is unknown when a probe sent after the signal has no recorded outcome', () => {
    expect(reason(check(signalled().at(150).sent('P', 0, '/readyz').open('P')))).toContain('request 0 of client P');
  });

  it('answers unknown outside the kubernetes profile, where it does not apply', () => {
    const immediate = { ...s, profile: 'immediate' as const };
    expect(reason(check(signalled(), immediate))).toContain('kubernetes profile only');
  });
});
