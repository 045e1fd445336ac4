import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLIENT_CLASSES } from '../../../src/clients/registry.js';
import { describeScenario, scenarioArbitrary } from '../../../src/scenario/arbitraries.js';
import { CLIENT_KIND_DEFINITIONS } from '../../../src/scenario/client-kinds/registry.js';
import { parseScenario } from '../../../src/scenario/parse.js';
import { clientOpTimes, compileTimeline, validateScenario } from '../../../src/scenario/timeline.js';
import { CLIENT_KINDS, type ClientSpec, type Scenario } from '../../../src/scenario/types.js';

/**
 * What every client kind's definition promises, checked for each kind of the registry, so that a new
 * kind is held to it without a line here: its example reads back from JSON, the specs it draws are
 * valid, time-ordered, read back from JSON unchanged, and are described one line per client.
 */
const definitions = Object.values(CLIENT_KIND_DEFINITIONS);

const around = (clients: ClientSpec[]): Scenario => ({ clients, signal: 'SIGTERM', signalAt: 0, graceMs: 1_000, profile: 'immediate' });

it('the socket side has a class for exactly the kinds the scenarios know, in the same order', () => {
  expect(Object.keys(CLIENT_CLASSES)).toEqual(CLIENT_KINDS);
  expect(definitions.map((d) => d.kind)).toEqual(CLIENT_KINDS);
});

describe.each(definitions)('client kind $kind', (definition) => {
  it('has an example that reads back from JSON as a valid scenario', () => {
    expect(definition.example.kind).toBe(definition.kind);
    const parsed = parseScenario(JSON.parse(JSON.stringify(around([definition.example as ClientSpec]))));
    expect(parsed).toEqual({ ok: true, scenario: around([definition.example as ClientSpec]) });
  });

  it('refuses an unknown field on its specs', () => {
    const misspelt: unknown = { ...definition.example, misspelt: 1 };
    const parsed = parseScenario({ ...around([]), clients: [misspelt] });
    expect(parsed).toEqual({ ok: false, problems: ['scenario.clients[0] has an unknown key "misspelt"'] });
  });

  it('draws valid scenarios of its clients alone, which read back and are described client by client', () => {
    const arbitrary = scenarioArbitrary({ kinds: [definition.kind], graceMs: 3_000, signal: 'SIGTERM', profile: 'immediate', requestCount: 2 });
    fc.assert(
      fc.property(arbitrary, (scenario) => {
        expect(scenario.clients.every((c) => c.kind === definition.kind)).toBe(true);
        expect(validateScenario(scenario, { requestCount: 2 })).toEqual([]);
        for (const c of scenario.clients) expect(clientOpTimes(c)[0]).toBe(c.at);
        expect(parseScenario(JSON.parse(JSON.stringify(scenario)))).toEqual({ ok: true, scenario });
        const lines = describeScenario(scenario);
        expect(lines).toHaveLength(scenario.clients.length + 1);
        scenario.clients.forEach((c, i) => expect(lines[i]).toMatch(new RegExp(`^${c.id} \\(${c.kind}\\) \\S`)));
        const clientActions = compileTimeline(scenario).filter((a) => a.kind === 'client').length;
        const alongside = compileTimeline(scenario).flatMap((a) => (a.kind === 'signal' ? (a.alongside ?? []) : [])).length;
        expect(clientActions + alongside).toBe(scenario.clients.reduce((n, c) => n + clientOpTimes(c).length, 0));
      }),
      { seed: 1, numRuns: 100 },
    );
  });
});
