import { describe, expect, it } from 'vitest';
import type { CheckOptions } from '../../../src/checkers/checker.js';
import { websocketGoingAway } from '../../../src/checkers/websocket-going-away.js';
import { history, messages, options, reason, scenario } from './fixtures.js';

const s = scenario([{ kind: 'websocket', id: 'W', at: 10, messages: [50] }]);
const check = (h: ReturnType<typeof history>, over: Partial<CheckOptions> = {}) =>
  websocketGoingAway.check(h.build(), s, options(s, over));
/** W's WebSocket opens at 10; the signal goes at 100 */
const openAtSignal = () =>
  history()
    .listening()
    .handler()
    .at(10).connect('W').sent('W', 0, '/ws').upgrade('W').connected('W').outcome('W', 0, 'complete', { status: 101 })
    .at(100).signal().handled();

describe('websocket-going-away', () => {
  it('holds when the server sends 1001 before the connection ends', () => {
    const h = openAtSignal().at(150).wsClosed('W', 1001, 'going away').ended('W').at(160).exit(0);
    expect(check(h)).toEqual({ verdict: 'holds' });
  });

  it('holds for 1012 (service restart) too, and for codes the user accepts', () => {
    expect(check(openAtSignal().at(150).wsClosed('W', 1012).ended('W'))).toEqual({ verdict: 'holds' });
    expect(check(openAtSignal().at(150).wsClosed('W', 1000).ended('W'), { websocketCloseCodes: [1000] })).toEqual({
      verdict: 'holds',
    });
  });

  it('is violated by a connection that ends with no close frame (1006)', () => {
    const h = openAtSignal().at(100).wsClosed('W', 1006).ended('W', 'rst').exit(0);
    expect(messages(check(h))).toEqual(['the WebSocket of client W ended just after SIGTERM with no close frame (1006)']);
  });

  it('is violated by a close code that is not accepted', () => {
    const h = openAtSignal().at(150).wsClosed('W', 1000).ended('W');
    expect(messages(check(h))).toEqual(['the WebSocket of client W was closed 50 ms after SIGTERM with code 1000, not 1001 or 1012']);
  });

  it('is violated when the TCP connection ended before the close frame arrived', () => {
    const h = openAtSignal().at(150).ended('W').at(160).wsClosed('W', 1001);
    expect(messages(check(h))[0]).toContain('client W');
  });

  it('is violated by a WebSocket still open at the SIGKILL', () => {
    const h = openAtSignal().at(10_100).kill().wsClosed('W', 1006).ended('W', 'rst').exit(null, 'SIGKILL');
    expect(messages(check(h))[0]).toContain('client W');
  });

  it('is unknown when the history ends with the WebSocket open', () => {
    expect(reason(check(openAtSignal().at(500)))).toContain('client W');
  });

  it('is unknown when the client itself closed the WebSocket', () => {
    const h = openAtSignal().at(500).wsClosed('W', 1006).ended('W', 'fin', 'client');
    expect(reason(check(h))).toContain('closed by the client');
  });

  it('ignores what the harness recorded while tearing down a run its watchdog cut short', () => {
    const h = openAtSignal().at(500).watchdog('no progress').wsClosed('W', 1006).ended('W', 'rst');
    expect(reason(check(h))).toBe('the run was cut short (no progress); the history ends with the WebSocket of client W open and no end recorded');
  });

  it('does not judge a WebSocket that closed before the signal, or opened after it, and is not exercised by it', () => {
    const reason = 'no WebSocket was open at SIGTERM: each opened after it or had closed before it';
    const before = history().listening().at(10).open('W').at(50).wsClosed('W', 1000).ended('W').at(100).signal();
    expect(check(before)).toEqual({ verdict: 'not-exercised', reason });
    const after = history().listening().at(100).signal().at(110).open('W').wsClosed('W', 1006).ended('W', 'rst');
    expect(check(after)).toEqual({ verdict: 'not-exercised', reason });
  });

  it('is not exercised when the handshake was answered without 101, and says where to name the endpoint', () => {
    const h = history()
      .listening()
      .handler()
      .at(10).connect('W').sent('W', 0, '/').started('W', 0, '/').finished('W', 0, 400).outcome('W', 0, 'complete', { status: 400 })
      .at(100).signal().handled()
      .at(110).exit(0);
    expect(check(h)).toEqual({
      verdict: 'not-exercised',
      reason:
        'the WebSocket handshake of client W to / was answered 400: no WebSocket endpoint there; name it in the ' +
        "config's routes.websocket",
    });
  });

  it('is not exercised when the handshake failed, and says how', () => {
    const h = history().listening().at(10).connect('W').sent('W', 0, '/ws').refused('W')
      .outcome('W', 0, 'refused', { bytesWritten: false }).at(100).signal();
    expect(check(h)).toEqual({
      verdict: 'not-exercised',
      reason: 'no WebSocket was open at SIGTERM: the handshake of client W was refused 90 ms before SIGTERM',
    });
  });

  it('is not exercised by a scenario without a WebSocket client', () => {
    const none = scenario([{ kind: 'slow', id: 'A', at: 0, latencyMs: 100 }]);
    const h = history().listening().at(100).signal().at(110).exit(0);
    expect(websocketGoingAway.check(h.build(), none, options(none))).toEqual({
      verdict: 'not-exercised',
      reason: 'no WebSocket was open at SIGTERM: the scenario has no WebSocket client',
    });
  });
});
