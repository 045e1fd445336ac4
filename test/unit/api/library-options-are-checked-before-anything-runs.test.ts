import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkShutdown, type CheckShutdownOptions } from '../../../src/api/check-shutdown.js';
import { OptionsError } from '../../../src/api/options.js';
import { shutdownScenario, type ShutdownScenarioOptions } from '../../../src/api/shutdown-scenario.js';

// A target that does not exist: any option error must come before the target is looked for.
const target = '/nonexistent/server.js';

describe('checkShutdown options', () => {
  it.each<[string, Partial<CheckShutdownOptions>, string]>([
    ['a grace that is no duration', { grace: 'soon' }, `grace: "soon" is not a duration; use a whole number of ms, or e.g. '30s', '500ms', '2m'`],
    ['a negative grace', { grace: -5 }, `grace: -5 is not a duration; use a whole number of ms, or e.g. '30s', '500ms', '2m'`],
    ['an unknown signal', { signal: 'SIGFOO' as 'SIGTERM' }, 'signal: "SIGFOO" is not accepted; use one of SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2'],
    ['an unknown profile', { profile: 'k8s' as 'kubernetes' }, 'profile: "k8s" is not accepted; use one of immediate, kubernetes'],
    ['an unknown client kind', { clients: ['slow', 'pigeon' as 'slow'] }, 'clients: "pigeon" is not accepted; use one of http, keep-alive, slow, stream, websocket, silent, raw, late, https, h2'],
    ['zero runs', { runs: 0 }, 'runs: 0 is not a whole number of at least 1'],
    ['a fractional seed', { seed: 1.5 }, 'seed: 1.5 is not a whole number of at least -2147483648'],
    ['a path without its seed, given or in a config file', { path: '3:0' }, 'path: 3:0 replays a failure only with the seed it was printed with; give seed (as an option or in the config file)'],
    ['a path that is no replay path', { seed: 7, path: 'x' }, `path: "x" is not a replay path; use the one printed with the failure (e.g. seed: 7, path: '3:0:1')`],
    ['an unknown clock', { clock: 'fast' as 'real' }, 'clock: "fast" is not accepted; use one of virtual, real'],
    ['a time budget that is no duration', { timeBudget: 'later' }, `timeBudget: "later" is not a duration; use a whole number of ms, or e.g. '30s', '500ms', '2m'`],
  ])('rejects %s with one line naming the option', async (_name, options, message) => {
    const rejection = checkShutdown({ target, ...options });
    await expect(rejection).rejects.toThrow(OptionsError);
    await expect(rejection).rejects.toThrow(new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  });

  it('rejects an empty target', async () => {
    await expect(checkShutdown({ target: '' })).rejects.toThrow("target must be the path of the server's entry file");
  });
});

describe('shutdownScenario', () => {
  it('draws scenarios of the kinds, grace, signal and profile asked for, within maxClients', () => {
    const arbitrary = shutdownScenario({ clients: ['slow', 'late'], grace: '5s', signal: 'SIGINT', profile: 'kubernetes', maxClients: 2 });
    const drawn = fc.sample(arbitrary, { numRuns: 200, seed: 1 });
    for (const scenario of drawn) {
      expect(scenario.clients.length).toBeGreaterThanOrEqual(1);
      expect(scenario.clients.length).toBeLessThanOrEqual(2);
      expect(scenario).toMatchObject({ graceMs: 5000, signal: 'SIGINT', profile: 'kubernetes' });
    }
    expect(new Set(drawn.flatMap((s) => s.clients.map((c) => c.kind)))).toEqual(new Set(['slow', 'late']));
  });

  it('leaves WebSocket clients out unless asked for, since a server may have no endpoint for them', () => {
    const kinds = new Set(fc.sample(shutdownScenario(), { numRuns: 300, seed: 2 }).flatMap((s) => s.clients.map((c) => c.kind)));
    expect(kinds).toEqual(new Set(['keep-alive', 'slow', 'stream', 'silent', 'late']));
  });

  it('draws a second signal only when asked to', () => {
    const without = fc.sample(shutdownScenario(), { numRuns: 100, seed: 3 });
    expect(without.filter((s) => s.secondSignal !== undefined)).toEqual([]);
    const withIt = fc.sample(shutdownScenario({ secondSignal: true }), { numRuns: 100, seed: 3 });
    expect(withIt.some((s) => s.secondSignal?.signal === 'SIGTERM')).toBe(true);
  });

  it.each<[string, ShutdownScenarioOptions, string]>([
    ['no client kind', { clients: [] }, 'clients: name at least one of http, keep-alive, slow, stream, websocket, silent, raw, late, https, h2'],
    ['a bad grace', { grace: '30 seconds' }, `grace: "30 seconds" is not a duration; use a whole number of ms, or e.g. '30s', '500ms', '2m'`],
    ['no room for a client', { maxClients: 0 }, 'maxClients: 0 is not a whole number of at least 1'],
  ])('throws OptionsError for %s', (_name, options, message) => {
    expect(() => shutdownScenario(options)).toThrow(new OptionsError(message));
  });
});
