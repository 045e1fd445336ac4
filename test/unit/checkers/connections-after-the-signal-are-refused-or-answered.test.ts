import { describe, expect, it } from 'vitest';
import { noAcceptThenDrop } from '../../../src/checkers/no-accept-then-drop.js';
import { history, messages, options, reason, scenario } from './fixtures.js';

const late = scenario([{ kind: 'late', id: 'L', at: 130, attempts: [160] }]);
const check = (h: ReturnType<typeof history>, s = late) => noAcceptThenDrop.check(h.build(), s, options(s));
const signalled = () => history().listening().handler().at(100).signal().handled();

describe('no-accept-then-drop', () => {
  it('holds when connections after the signal are refused once the listener is closed', () => {
    const h = signalled()
      .listenerClosed()
      .at(130).connect('L').sent('L', 0).refused('L').outcome('L', 0, 'refused', { bytesWritten: false })
      .at(160).connect('L').sent('L', 1).refused('L').outcome('L', 1, 'refused', { bytesWritten: false });
    expect(check(h)).toEqual({ verdict: 'holds' });
  });

  it('holds when they are accepted and answered completely, a drain refusal included', () => {
    const h = signalled()
      .at(130).sent('L', 0).open('L').started('L', 0).finished('L', 0).answered('L', 0).ended('L', 'fin', 'client')
      .at(160).sent('L', 1).open('L').started('L', 1).outcome('L', 1, 'drain-refusal', { status: 503, connectionClose: true });
    expect(check(h)).toEqual({ verdict: 'holds' });
  });

  it('is violated when a connection is accepted and then reset unanswered', () => {
    const h = signalled()
      .at(130).sent('L', 0).open('L').accepted('L').outcome('L', 0, 'reset-before-response').ended('L', 'rst')
      .at(160).sent('L', 1).refused('L').connect('L').outcome('L', 1, 'refused', { bytesWritten: false });
    expect(messages(check(h))).toEqual([
      'request 0 of client L went out on a connection opened 30 ms after SIGTERM that the server accepted, and was reset before any response 30 ms after SIGTERM',
    ]);
  });

  it('is violated when a connection is accepted after the target closed its last listener', () => {
    const h = signalled()
      .listenerClosed()
      .at(130).sent('L', 0).open('L').accepted('L').started('L', 0).finished('L', 0).answered('L', 0);
    expect(messages(check(h))).toEqual([
      'client L connected 30 ms after SIGTERM, 30 ms after the target closed its last listener, and the connection was accepted',
    ]);
  });

  it('does not count a listener closed while another still listens', () => {
    const h = history()
      .listening(0)
      .listening(1)
      .at(100).signal().listenerClosed(1)
      .at(130).sent('L', 0).open('L').answered('L', 0);
    expect(check(h)).toEqual({ verdict: 'holds' });
  });

  it('is unknown when an accepted connection has no recorded outcome', () => {
    const h = signalled().at(130).sent('L', 0).open('L').started('L', 0);
    expect(reason(check(h))).toContain('request 0 of client L');
  });

  it('does not judge connections opened before the signal', () => {
    const s = scenario([{ kind: 'http', id: 'A', at: 50, path: '/' }]);
    const h = history().listening().at(50).sent('A').open('A').at(100).signal().outcome('A', 0, 'reset-before-response');
    expect(check(h, s)).toEqual({ verdict: 'not-exercised', reason: 'no connection was attempted after SIGTERM' });
  });

  it('leaves a request cut by the SIGKILL to deadline', () => {
    const s = scenario([{ kind: 'slow', id: 'A', at: 130, latencyMs: 60_000 }]);
    const h = signalled().at(130).sent('A').open('A').started('A').at(10_100).kill().outcome('A', 0, 'reset-before-response');
    expect(check(h, s)).toEqual({ verdict: 'holds' });
  });

  it('pairs each attempt with its own request when an earlier one is still open', () => {
    // Attempt 0 is held until the kill; attempt 1 is accepted and dropped: only attempt 1 is at fault.
    const h = signalled()
      .at(130).sent('L', 0).open('L').accepted('L').started('L', 0)
      .at(160).sent('L', 1).open('L').accepted('L').outcome('L', 1, 'closed-before-response').ended('L')
      .at(10_100).kill().outcome('L', 0, 'reset-before-response').ended('L', 'rst');
    const found = messages(check(h));
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('request 1 of client L went out on a connection opened 60 ms after SIGTERM');
  });
});
