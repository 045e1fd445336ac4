import { describe, expect, it } from 'vitest';
import { drainConnectionClose } from '../../../src/checkers/drain-connection-close.js';
import { keepaliveRace } from '../../../src/checkers/keepalive-race.js';
import type { HistoryEvent } from '../../../src/history/events.js';
import { history, notExercisedReason, options, reason, scenario } from './fixtures.js';

/**
 * K's two requests go through a proxy: request 0 before the signal at 200, request 1 on the same
 * client connection 10 ms after it, written as the signal goes. The proxy keeps the client's connection
 * alive and never says close, whatever the target said to it.
 */
const s = scenario([{ kind: 'keep-alive', id: 'K', at: 0, requests: [{ at: 0, path: '/' }, { at: 200, path: '/' }] }], { signalAt: 200 });

/** A command target behind the proxy: no agent, so only what the clients saw of the proxy. */
function commandBehindTheProxy(proxied: boolean): HistoryEvent[] {
  const h = history();
  if (proxied) h.add({ type: 'proxy-in-front', proxy: 'nginx' });
  h.at(0).open('K').sent('K').answered('K').at(200).signal().sent('K', 1).at(210).answered('K', 1, false);
  return h.build();
}

describe('drain-connection-close behind a proxy, without an agent', () => {
  it("is unknown: the client saw the proxy's Connection header, not the one the target sent", () => {
    const verdict = drainConnectionClose.check(commandBehindTheProxy(true), s, options(s));
    expect(reason(verdict)).toBe(
      "the 200 response to request 1 of client K came through the proxy, and the client saw the proxy's own Connection header; without an agent in the target (a --cmd target) the one the target sent is not seen",
    );
  });

  it('is violated on the same history without a proxy: the header the client saw is the target’s', () => {
    expect(drainConnectionClose.check(commandBehindTheProxy(false), s, options(s)).verdict).toBe('violated');
  });
});

describe('keepalive-race behind a proxy', () => {
  it("is not exercised: the clients' connections end at the proxy, and the race at its pooled connections is no-shutdown-5xx's", () => {
    expect(notExercisedReason(keepaliveRace.check(commandBehindTheProxy(true), s, options(s)))).toContain(
      "behind the proxy the clients' keep-alive connections end at the proxy",
    );
  });

  it('is exercised on the same history without a proxy: the request written as the signal goes met the server', () => {
    expect(keepaliveRace.check(commandBehindTheProxy(false), s, options(s)).verdict).toBe('holds');
  });
});
