import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../src/scenario/parse.js';
import type { Scenario } from '../../../src/scenario/types.js';

const every: Scenario = {
  clients: [
    { kind: 'http', id: 'A', at: 0, path: '/', holdMs: 50 },
    { kind: 'keep-alive', id: 'B', at: 0, requests: [{ at: 0, path: '/' }, { at: 300, path: '/x' }] },
    { kind: 'slow', id: 'C', at: 10, latencyMs: 2000 },
    { kind: 'stream', id: 'D', at: 20, chunks: 5, everyMs: 100, sse: true },
    { kind: 'websocket', id: 'E', at: 30, messages: [40, 90] },
    { kind: 'silent', id: 'F', at: 40 },
    { kind: 'raw', id: 'G', at: 50, messages: [60] },
    { kind: 'late', id: 'H', at: 200, attempts: [300] },
  ],
  signal: 'SIGTERM',
  signalAt: 100,
  secondSignal: { signal: 'SIGINT', at: 500 },
  graceMs: 30_000,
  profile: 'kubernetes',
};

describe('parseScenario', () => {
  it('accepts a scenario with every client kind, as JSON gives it back', () => {
    expect(parseScenario(JSON.parse(JSON.stringify(every)))).toEqual({ ok: true, scenario: every });
  });

  it.each<[string, unknown, string[]]>([
    ['not an object', [], ['scenario must be an object']],
    [
      'missing fields',
      { clients: [] },
      ['scenario has no "signal"', 'scenario has no "signalAt"', 'scenario has no "graceMs"', 'scenario has no "profile"'],
    ],
    ['a misspelt key', { ...every, signalAtt: 5 }, ['scenario has an unknown key "signalAtt"']],
    ['an unknown signal', { ...every, signal: 'SIGFOO' }, ['scenario.signal must be one of SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2']],
    ['a time given as text', { ...every, graceMs: '30s' }, ['scenario.graceMs must be a number']],
    ['an unknown client kind', { ...every, clients: [{ kind: 'pigeon', id: 'A', at: 0 }] }, [
      'scenario.clients[0].kind must be one of http, keep-alive, slow, stream, websocket, silent, raw, late, https, h2',
    ]],
    ['a client missing its own field', { ...every, clients: [{ kind: 'slow', id: 'A', at: 0 }] }, ['scenario.clients[0] has no "latencyMs"']],
    ['a field of another kind', { ...every, clients: [{ kind: 'silent', id: 'A', at: 0, latencyMs: 5 }] }, [
      'scenario.clients[0] has an unknown key "latencyMs"',
    ]],
    ['keep-alive requests that are not a list', { ...every, clients: [{ kind: 'keep-alive', id: 'A', at: 0, requests: { at: 0 } }] }, [
      'scenario.clients[0].requests must be a list of requests such as { "at": 0, "path": "/" }',
    ]],
    ['a keep-alive request with a misspelt field', { ...every, clients: [{ kind: 'keep-alive', id: 'A', at: 0, requests: [{ at: 0, latency: 5 }] }] }, [
      'scenario.clients[0].requests[0] has an unknown key "latency"',
    ]],
    [
      'a keep-alive stream missing a field, and a route that is no index',
      {
        ...every,
        clients: [{ kind: 'keep-alive', id: 'A', at: 0, requests: [{ at: 0, stream: { chunks: 2, everyMs: 10 } }, { at: 5, route: 1.5 }] }],
      },
      ['scenario.clients[0].requests[0].stream has no "sse"', 'scenario.clients[0].requests[1].route must be a whole number, 0 or more'],
    ],
    ['a late client naming a config request by text', { ...every, clients: [{ kind: 'late', id: 'A', at: 0, attempts: [], route: '/x' }] }, [
      'scenario.clients[0].route must be a whole number, 0 or more',
    ]],
    ['a bad second signal', { ...every, secondSignal: { signal: 'SIGTERM' } }, ['scenario.secondSignal has no "at"']],
  ])('names each problem: %s', (_name, value, problems) => {
    expect(parseScenario(value)).toEqual({ ok: false, problems });
  });

  it('then applies the checks of a scenario that is well formed but impossible', () => {
    const parsed = parseScenario({ ...every, clients: [every.clients[0], every.clients[0]] });
    expect(parsed).toEqual({ ok: false, problems: ['client id A is used twice'] });
  });

  it('accepts keep-alive requests that ask for a slow answer, a stream, a config request, or go out with the signal', () => {
    const scenario: Scenario = {
      ...every,
      clients: [
        {
          kind: 'keep-alive',
          id: 'A',
          at: 0,
          requests: [
            { at: 0, latencyMs: 2_000 },
            { at: 10, stream: { chunks: 3, everyMs: 100, sse: true } },
            { at: 20, route: 1 },
            { at: 100, path: '/', withSignal: true },
          ],
        },
        { kind: 'late', id: 'B', at: 200, attempts: [250], route: 0 },
        { kind: 'http', id: 'C', at: 0, route: 2, holdMs: 30 },
      ],
    };
    expect(parseScenario(JSON.parse(JSON.stringify(scenario)))).toEqual({ ok: true, scenario });
  });

  it('refuses a keep-alive request that asks for nothing or for two things, and a race request that cannot race', () => {
    const parsed = parseScenario({
      ...every,
      clients: [
        {
          kind: 'keep-alive',
          id: 'A',
          at: 0,
          requests: [
            { at: 0, withSignal: true, path: '/' },
            { at: 10 },
            { at: 20, path: '/', latencyMs: 5 },
            { at: 50, path: '/', withSignal: true },
            { at: 100, path: '/', withSignal: true },
            { at: 100, path: '/' },
          ],
        },
        { kind: 'http', id: 'B', at: 0 },
      ],
    });
    expect(parsed).toEqual({
      ok: false,
      problems: [
        'request 0 of client A is written with the signal, but a first request opens the connection: only a later one can meet an idle close',
        'request 1 of client A must ask for exactly one of path, route, latencyMs and stream, not none',
        'request 2 of client A must ask for exactly one of path, route, latencyMs and stream, not path and latencyMs',
        'request 3 of client A is written with the signal, so its time must be the signal\'s (100), not 50',
        'request 5 of client A comes at the signal\'s time after one written with the signal, and would be written before it',
        'client B must name exactly one of path and route',
      ],
    });
  });
});
