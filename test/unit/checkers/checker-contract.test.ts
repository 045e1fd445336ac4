import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATALOGUE, type InvariantId } from '../../../src/checkers/catalogue.js';
import { defaultCheckOptions } from '../../../src/checkers/checker.js';
import type { Verdict } from '../../../src/checkers/verdict.js';
import type { History } from '../../../src/history/events.js';
import type { Scenario } from '../../../src/scenario/types.js';
import { historyArb, scenarioArb } from './arbitraries.js';
import { history, scenario, typicalRun } from './fixtures.js';
import { LoadTally } from '../../../src/load/tally.js';
import { brokenRun, facts } from '../load/fixtures.js';

/**
 * The invariants a run exercises by the signal and the target's own ending alone: the grace period
 * starts with the signal, and the exit is there to judge. Every other invariant needs a client.
 */
const EXERCISED_BY_THE_SIGNAL: readonly string[] = ['deadline', 'clean-exit'] satisfies InvariantId[];

/** Throws unless `v` is one of the four verdicts, with its evidence drawn from `history`. */
function expectWellFormed(v: Verdict, history: History): void {
  switch (v.verdict) {
    case 'holds':
      expect(Object.keys(v)).toEqual(['verdict']);
      return;
    case 'unknown':
    case 'not-exercised':
      expect(v.reason.trim()).not.toBe('');
      expect(v.reason).not.toMatch(/\n/);
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
  it('has a kebab-case id, a severity, a one-sentence definition and a noun phrase for what exercises it', () => {
    expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(['error', 'warning']).toContain(checker.defaultSeverity);
    expect(checker.definition).toMatch(/^[A-Z].*\.$/);
    expect(checker.exercisedBy).toMatch(/^(a|an) \S.*[^.]$/);
  });

  it('says what a violation means for users and how to fix it, each in whole sentences', () => {
    expect(checker.advice.meaning).toMatch(/^[A-Z`].*\.$/s);
    expect(checker.advice.fix).toMatch(/^[A-Z`].*\.$/s);
  });

  it('lives in a file whose header says what exercises it', () => {
    const source = readFileSync(new URL(`../../../src/checkers/${id}.ts`, import.meta.url), 'utf8');
    expect(source.slice(0, source.indexOf('*/'))).toMatch(/Exercised by/);
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

  it('is not exercised by a run with only a signal and an exit, unless the signal alone exercises it', () => {
    const quiet = history().listening().handler().at(100).signal().handled().listenerClosed().at(110).exit(0).build();
    for (const profile of checker.profiles ?? (['immediate', 'kubernetes'] as const)) {
      const s = scenario([], { profile });
      const v = checker.check(quiet, s, defaultCheckOptions(s));
      expectWellFormed(v, quiet);
      if (EXERCISED_BY_THE_SIGNAL.includes(id)) expect(v).toEqual({ verdict: 'holds' });
      else expect(v.verdict).toBe('not-exercised');
    }
  });

  it('is exercised by nothing, not even the signal, when the target exited before the signal was due', () => {
    const early = history().listening().at(50).exit(1).build();
    const s = scenario([], { profile: checker.profiles?.[0] ?? 'immediate' });
    const v = checker.check(early, s, defaultCheckOptions(s));
    expectWellFormed(v, early);
    // That early exit is a crash, and clean-exit's to judge: it is the one verdict this run can give.
    if (id === 'clean-exit') expect(v.verdict).toBe('violated');
    else expect(v).toEqual({ verdict: 'not-exercised', reason: 'no signal was sent: the target exited 50 ms before it was due' });
  });

  it('holds on a typical healthy run that exercises it', () => {
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

it('the catalogue lists each invariant once', () => {
  const ids = CATALOGUE.map((c) => c.id);
  expect(new Set(ids).size).toBe(ids.length);
});

it("the README's table of invariants lists the catalogue, in its order, with each default severity", () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const table = readme.slice(readme.indexOf('## The invariants'));
  const rows = [...table.matchAll(/^\| ([a-z0-9-]+) \| (error|warning)[ ,|]/gm)].map((m) => [m[1], m[2]]);
  expect(rows).toEqual(CATALOGUE.map((c) => [c.id, c.defaultSeverity]));
});

describe.each(CATALOGUE.map((c) => [c.id, c] as const))('what load mode counts for %s', (_id, invariant) => {
  it('is a row read from the run\'s totals, or a sentence saying why load mode cannot count it', () => {
    if ('notCounted' in invariant.load) {
      expect(invariant.load.notCounted).toMatch(/^[a-z].*[^.]$/);
      return;
    }
    for (const run of [{ ...facts, exit: null }, facts, { ...facts, exit: { code: 1, signal: null } }]) {
      for (const tally of [brokenRun(), new LoadTally(50, [1001])]) {
        const count = invariant.load.count(tally.totals(), run);
        for (const value of [count.count, count.of]) expect(Number.isInteger(value) && value >= 0).toBe(true);
        for (const text of [count.holds, count.violated]) expect(text).toMatch(/^\S[^\n]*$/);
      }
    }
  });
});
