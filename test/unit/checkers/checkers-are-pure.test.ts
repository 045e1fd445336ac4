import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkAll } from '../../../src/checkers/catalogue.js';
import { historyArb, scenarioArb } from './arbitraries.js';
import { typicalRun } from './fixtures.js';

const dir = fileURLToPath(new URL('../../../src/checkers/', import.meta.url));
const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.[cm]?[jt]s$/.test(f));

/** Every module specifier a file imports or re-exports, statically or dynamically. */
function specifiers(source: string): string[] {
  const found: string[] = [];
  const patterns = [/\b(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const pattern of patterns) for (const m of source.matchAll(pattern)) if (m[1]) found.push(m[1]);
  return found;
}

describe('the checkers are pure', () => {
  it('finds the checker sources', () => {
    expect(files).toContain('catalogue.ts');
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  // An invariant's definition also says what load mode counts for it, so it reads load mode's data:
  // one request's facts, the run's totals and facts, and how load mode prints numbers.
  it.each(files)('%s imports no sockets, processes or orchestration, only the history, the scenario and load mode\'s data', (file) => {
    const imports = specifiers(readFileSync(`${dir}/${file}`, 'utf8'));
    for (const spec of imports) {
      expect(spec).not.toMatch(/^(node:)?(net|child_process)$/);
      expect(spec).not.toMatch(/\/(run|target|clients|nemesis)\//);
      expect(spec).toMatch(/^\.\/|^\.\.\/(history|scenario)\/|^\.\.\/load\/(request-facts|numbers|totals|summary)\.js$/);
    }
  });

  it.each(['request-facts', 'numbers', 'totals'])("load mode's %s.ts, which the checkers read, imports only data", (name) => {
    const source = readFileSync(fileURLToPath(new URL(`../../../src/load/${name}.ts`, import.meta.url)), 'utf8');
    for (const spec of specifiers(source)) expect(spec).toMatch(/^\.\.\/history\/|^\.\/(mix|stats|invariants)\.js$/);
  });

  it('gives deep-equal results for the same input twice, and leaves its input untouched', () => {
    const { scenario, history } = typicalRun();
    const before = structuredClone(history);
    expect(checkAll(history, scenario)).toEqual(checkAll(history, scenario));
    expect(history).toEqual(before);
  });

  it('gives the same results whatever order the events arrived in', () => {
    fc.assert(
      fc.property(historyArb, scenarioArb, fc.integer(), (history, scenario, seed) => {
        const shuffled = [...history].sort((a, b) => ((a.t * 7919 + a.step * 104729 + seed) % 13) - ((b.t * 7919 + b.step * 104729 + seed) % 13));
        const frozen = structuredClone(history);
        expect(checkAll(shuffled, scenario)).toEqual(checkAll(history, scenario));
        expect(history).toEqual(frozen);
      }),
      { numRuns: 200 },
    );
  });
});
