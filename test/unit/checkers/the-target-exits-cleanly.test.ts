import { describe, expect, it } from 'vitest';
import { cleanExit } from '../../../src/checkers/clean-exit.js';
import type { CheckOptions } from '../../../src/checkers/checker.js';
import { history, messages, options, reason, scenario } from './fixtures.js';

const s = scenario([]);
const check = (h: ReturnType<typeof history>, sc = s, over: Partial<CheckOptions> = {}) =>
  cleanExit.check(h.build(), sc, options(sc, over));
const signalled = () => history().listening().handler().at(100).signal().handled();

describe('clean-exit', () => {
  it('holds for exit code 0 after the signal', () => {
    expect(check(signalled().at(200).exit(0))).toEqual({ verdict: 'holds' });
  });

  it('holds for 128 + the signal number (143 for SIGTERM, 130 for SIGINT)', () => {
    expect(check(signalled().at(200).exit(143))).toEqual({ verdict: 'holds' });
    const sigint = scenario([], { signal: 'SIGINT' });
    const h = history().listening().handler('SIGINT').at(100).signal('SIGINT').at(200).exit(130);
    expect(check(h, sigint)).toEqual({ verdict: 'holds' });
  });

  it('holds when the signal\'s default action kills a target that never handled it', () => {
    const h = history().listening().at(100).signal().exit(null, 'SIGTERM');
    expect(check(h)).toEqual({ verdict: 'holds' });
  });

  it('is violated by an exit code outside the allowed set, and the set is configurable', () => {
    expect(messages(check(signalled().at(200).exit(1)))).toEqual([
      'the target exited with code 1 100 ms after SIGTERM, outside the allowed codes 0, 143',
    ]);
    expect(check(signalled().at(200).exit(1), s, { allowedExitCodes: [0, 1] })).toEqual({ verdict: 'holds' });
  });

  it('is violated by an uncaught exception', () => {
    const h = signalled().at(150).thrown('Error: boom').exit(1);
    const found = messages(check(h));
    expect(found[0]).toBe('the target threw an uncaught exception (Error: boom) 50 ms after SIGTERM');
  });

  it('leaves the SIGKILL at the end of the grace period to the deadline invariant: no exit of its own to judge', () => {
    const h = signalled().at(10_100).kill().exit(null, 'SIGKILL');
    expect(check(h)).toEqual({
      verdict: 'not-exercised',
      reason:
        "the harness's SIGKILL at the end of the grace period ended the target, so the run did not show how it " +
        'exits on its own (deadline judges the kill)',
    });
  });

  it('still reports an exception thrown before that SIGKILL', () => {
    const h = signalled().at(150).thrown('Error: boom').at(10_100).kill().exit(null, 'SIGKILL');
    expect(check(h).verdict).toBe('violated');
  });

  it('is violated by a signal the harness did not send', () => {
    const h = signalled().at(150).exit(null, 'SIGSEGV');
    expect(messages(check(h))[0]).toContain('was killed by SIGSEGV 50 ms after SIGTERM, a signal the harness did not send');
  });

  it('is violated by an exit before the signal', () => {
    const h = history().listening().at(40).exit(0);
    expect(messages(check(h))).toEqual(['the target exited with code 0 on its own at 40 ms, before SIGTERM was sent at 100 ms']);
  });

  it('is unknown when the history ends before the target exited', () => {
    expect(reason(check(signalled()))).toBe('the history ends before the target exited');
  });
});

it('does not blame the target for the kill the harness sends when its watchdog gives up', () => {
  const s = scenario([]);
  const h = history().listening().handler().at(20).exit(null, 'SIGKILL').watchdog('no progress');
  expect(cleanExit.check(h.build(), s, options(s))).toEqual({
    verdict: 'unknown',
    reason: 'the run was cut short (no progress); the history ends before the target exited',
  });
});
