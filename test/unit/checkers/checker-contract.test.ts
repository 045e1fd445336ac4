import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATALOGUE, type InvariantId } from '../../../src/checkers/catalogue.js';
import { defaultCheckOptions } from '../../../src/checkers/checker.js';
import type { Verdict } from '../../../src/checkers/verdict.js';
import type { History } from '../../../src/history/events.js';
import type { Scenario } from '../../../src/scenario/types.js';
import { historyArb, scenarioArb } from './arbitraries.js';
import { scenario, typicalRun } from './fixtures.js';

const IDS: InvariantId[] = [
  'in-flight-complete',
  'no-accept-then-drop',
  'deadline',
  'clean-exit',
  'websocket-going-away',
  'stream-clean-end',
  'drain-connection-close',
  'keepalive-race',
  'readiness',
];

/** Throws unless `v` is one of the three verdicts, with its evidence drawn from `history`. */
function expectWellFormed(v: Verdict, history: History): void {
  switch (v.verdict) {
    case 'holds':
      expect(Object.keys(v)).toEqual(['verdict']);
      return;
    case 'unknown':
      expect(v.reason.trim()).not.toBe('');
      return;
    case 'violated':
      expect(v.evidence.length).toBeGreaterThan(0);
      for (const e of v.evidence) {
        expect(e.message.trim()).not.toBe('');
        expect(e.message).not.toMatch(/\n/);
        expect(e.events.length).toBeGreaterThan(0);
        for (const event of e.events) expect(history).toContain(event);
      }
      return;
    default:
      throw new Error(`not a verdict: ${JSON.stringify(v)}`);
  }
}

describe.each(CATALOGUE.map((c) => [c.id, c] as const))('the %s checker', (id, checker) => {
  it('has a known id, a severity and a one-sentence definition', () => {
    expect(IDS).toContain(id);
    expect(['error', 'warning']).toContain(checker.defaultSeverity);
    expect(checker.definition).toMatch(/^[A-Z].*\.$/);
  });

  it('lives in a file named for it that opens with its definition', () => {
    const source = readFileSync(new URL(`../../../src/checkers/${id}.ts`, import.meta.url), 'utf8');
    expect(source.startsWith('/**')).toBe(true);
    expect(source.slice(0, source.indexOf('*/'))).toContain(`${id}`);
  });

  it('returns a well-formed verdict on an empty history, under either profile', () => {
    for (const profile of ['immediate', 'kubernetes'] as const) {
      const s = scenario([], { profile });
      expectWellFormed(checker.check([], s, defaultCheckOptions(s)), []);
    }
  });

  it('holds on a typical healthy run', () => {
    const { scenario: s, history } = typicalRun();
    const kubernetes: Scenario = { ...s, profile: 'kubernetes' };
    const applies = !checker.profiles || checker.profiles.includes(s.profile);
    const sc = applies ? s : kubernetes;
    const v = checker.check(history, sc, defaultCheckOptions(sc, { drainDelayMs: 0 }));
    expectWellFormed(v, history);
    expect(v).toEqual({ verdict: 'holds' });
  });

  it('never throws, and always returns a well-formed verdict, on any history', () => {
    fc.assert(
      fc.property(historyArb, scenarioArb, (history, s) => {
        expectWellFormed(checker.check(history, s, defaultCheckOptions(s)), history);
      }),
      { numRuns: 300 },
    );
  });
});

it('the catalogue lists every invariant of the design once, in its order', () => {
  expect(CATALOGUE.map((c) => c.id)).toEqual(IDS);
});
