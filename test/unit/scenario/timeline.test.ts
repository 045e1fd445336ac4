import { describe, expect, it } from 'vitest';
import { compileTimeline, validateScenario } from '../../../src/scenario/timeline.js';
import type { Scenario } from '../../../src/scenario/types.js';

const scenario: Scenario = {
  clients: [
    { kind: 'http', id: 'B', at: 100, path: '/' },
    { kind: 'http', id: 'A', at: 100, path: '/' },
    { kind: 'http', id: 'C', at: 0, path: '/' },
  ],
  signal: 'SIGTERM',
  signalAt: 100,
  secondSignal: { signal: 'SIGINT', at: 500 },
  graceMs: 1000,
  profile: 'immediate',
};

describe('scenario timeline', () => {
  it('puts actions in time order, clients before the nemesis at the same moment, clients by id', () => {
    expect(compileTimeline(scenario)).toEqual([
      { at: 0, kind: 'client', client: 'C', op: 0 },
      { at: 100, kind: 'client', client: 'A', op: 0 },
      { at: 100, kind: 'client', client: 'B', op: 0 },
      { at: 100, kind: 'signal', signal: 'SIGTERM', nth: 1 },
      { at: 500, kind: 'signal', signal: 'SIGINT', nth: 2 },
      { at: 1100, kind: 'kill', reason: 'grace-expired' },
    ]);
  });

  it('carries a request written with the signal in the signal\'s own action, right after it, in client order', () => {
    const race: Scenario = {
      ...scenario,
      clients: [
        { kind: 'keep-alive', id: 'B', at: 0, requests: [{ at: 0, path: '/' }, { at: 100, path: '/', withSignal: true }, { at: 200, path: '/' }] },
        { kind: 'keep-alive', id: 'A', at: 50, requests: [{ at: 50, path: '/' }, { at: 100, path: '/', withSignal: true }] },
      ],
      secondSignal: undefined,
    };
    expect(compileTimeline(race)).toEqual([
      { at: 0, kind: 'client', client: 'B', op: 0 },
      { at: 50, kind: 'client', client: 'A', op: 0 },
      { at: 100, kind: 'signal', signal: 'SIGTERM', nth: 1, alongside: [{ client: 'A', op: 1 }, { client: 'B', op: 1 }] },
      { at: 200, kind: 'client', client: 'B', op: 2 },
      { at: 1100, kind: 'kill', reason: 'grace-expired' },
    ]);
  });

  it('refuses a config request the config does not name, when it knows how many it names', () => {
    const named: Scenario = {
      ...scenario,
      clients: [
        { kind: 'keep-alive', id: 'A', at: 0, requests: [{ at: 0, route: 0 }, { at: 10, route: 2 }] },
        { kind: 'late', id: 'B', at: 100, attempts: [], route: 1 },
      ],
    };
    expect(validateScenario(named)).toEqual([]);
    expect(validateScenario(named, { requestCount: 2 })).toEqual(['request 1 of client A names request 2 of the config, but the config names 2 (0 to 1)']);
    expect(validateScenario(named, { requestCount: 0 })).toEqual([
      'request 0 of client A names request 0 of the config, but the config names no requests',
      'request 1 of client A names request 2 of the config, but the config names no requests',
      'client B names request 1 of the config, but the config names no requests',
    ]);
  });

  it('ends every timeline with the kill at the end of the grace period', () => {
    const timeline = compileTimeline({ ...scenario, clients: [], secondSignal: undefined });
    expect(timeline.at(-1)).toEqual({ at: 1100, kind: 'kill', reason: 'grace-expired' });
  });

  it('accepts a well-formed scenario', () => {
    expect(validateScenario(scenario)).toEqual([]);
  });

  it('names each problem of a malformed scenario', () => {
    const bad: Scenario = {
      ...scenario,
      clients: [
        { kind: 'http', id: 'A', at: -1, path: '/' },
        { kind: 'http', id: 'A', at: 0, path: '/' },
      ],
      graceMs: 0,
      secondSignal: { signal: 'SIGINT', at: 50 },
    };
    expect(validateScenario(bad)).toEqual([
      'client A starts at -1; times are >= 0',
      'client id A is used twice',
      'graceMs is 0; it must be > 0',
      'the second signal must come at or after the first',
    ]);
  });
});
