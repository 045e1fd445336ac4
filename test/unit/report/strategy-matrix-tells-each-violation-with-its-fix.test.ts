import { describe, expect, it } from 'vitest';
import { ADVICE } from '../../../src/report/advice.js';
import { formatStrategyMatrix, matrixCell, type StrategyMatrix } from '../../../src/report/strategy-matrix.js';
import { CATALOGUE } from '../../../src/checkers/catalogue.js';

const violated = (message: string) => ({ verdict: 'violated' as const, evidence: [{ message, events: [] }] });

describe('matrixCell', () => {
  it('is violated when any scenario violates, naming every such scenario and the first one\'s evidence', () => {
    const cell = matrixCell('error', [
      { scenario: 'a', verdict: { verdict: 'holds' } },
      { scenario: 'b', verdict: violated('request 0 was reset') },
      { scenario: 'c', verdict: violated('request 1 was reset') },
    ]);
    expect(cell).toEqual({ verdict: 'violated', scenarios: ['b', 'c'], evidence: 'request 0 was reset' });
  });

  it('is a warning when the invariant is a warning', () => {
    expect(matrixCell('warning', [{ scenario: 'a', verdict: violated('no Connection: close') }]).verdict).toBe('warning');
  });

  it('is unknown before holds, holds when any scenario applies it, and n/a when none does', () => {
    expect(
      matrixCell('error', [
        { scenario: 'a', verdict: { verdict: 'holds' } },
        { scenario: 'b', verdict: { verdict: 'unknown', reason: 'no exit recorded' } },
      ]),
    ).toEqual({ verdict: 'unknown', scenarios: ['b'], evidence: 'no exit recorded' });
    expect(
      matrixCell('error', [
        { scenario: 'a', verdict: { verdict: 'not-applicable', reason: 'kubernetes only' } },
        { scenario: 'b', verdict: { verdict: 'holds' } },
      ]),
    ).toEqual({ verdict: 'holds' });
    expect(matrixCell('error', [{ scenario: 'a', verdict: { verdict: 'not-applicable', reason: 'kubernetes only' } }])).toEqual({
      verdict: 'n/a',
    });
  });
});

describe('formatStrategyMatrix', () => {
  const matrix: StrategyMatrix = {
    tool: { version: '9.9.9', node: '20.0.0', machine: '2 × Test CPU' },
    invariants: [
      { id: 'in-flight-complete', severity: 'error' },
      { id: 'readiness', severity: 'error' },
    ],
    scenarios: [{ name: 'request-in-flight', description: 'a slow request at the signal' }],
    rows: [
      { file: 'good.js', cells: { 'in-flight-complete': { verdict: 'holds' }, readiness: { verdict: 'n/a' } } },
      {
        file: 'bad.js',
        cells: {
          'in-flight-complete': { verdict: 'violated', scenarios: ['request-in-flight'], evidence: 'request 0 of client A was reset' },
          readiness: { verdict: 'n/a' },
        },
      },
    ],
    searches: [],
    soaks: [{ clock: 'real', timeScale: 0.25, runs: 100, seed: 1, verdict: 'pass', violated: [], wallMs: 61_000 }],
  };
  const text = formatStrategyMatrix(matrix);

  it('has one row per strategy and one column per invariant', () => {
    expect(text).toContain('| strategy | in-flight-complete | readiness |');
    expect(text).toContain('| `good.js` | holds | — |');
    expect(text).toContain('| `bad.js` | **violated** | — |');
  });

  it('tells each violation with its evidence as a sentence, what it means and how to fix it', () => {
    const advice = ADVICE['in-flight-complete'];
    expect(text).toContain(
      `**in-flight-complete** (violated; in request-in-flight). Request 0 of client A was reset. *What it means:* ${advice.meaning} *How to fix it:* ${advice.fix}`,
    );
    expect(text).not.toContain('### `good.js`');
  });

  it('records the long searches against the reference', () => {
    expect(text).toContain('- 100 runs, real clock at ×0.25, seed 1: no violation, no unknown (61 s)');
  });
});

describe('formatStrategyMatrix with property searches', () => {
  const comparison = (target: string) => ({
    tool: { name: 'shutdown-check' as const, version: '9.9.9', node: '20.0.0' },
    seed: 1,
    numRuns: 10,
    invariants: ['clean-exit'],
    rows: [
      {
        target,
        verdict: 'fail' as const,
        reason: null,
        cells: { 'clean-exit': { verdict: 'violated' as const, story: 'the primary exited first', replay: null } },
        replay: `npx shutdown-check --target ${target} --seed 1 --path 0:0`,
      },
    ],
  });
  const text = formatStrategyMatrix({
    tool: { version: '9.9.9', node: '20.0.0', machine: '2 × Test CPU' },
    invariants: [{ id: 'clean-exit', severity: 'error' }],
    scenarios: [],
    rows: [],
    searches: [
      { command: 'shutdown-check compare scenarios/ --runs 10 --seed 1', comparison: comparison('scenarios/a.js') },
      {
        command: 'shutdown-check compare scenarios/cluster/ --clock real --runs 10 --seed 1',
        comparison: comparison('scenarios/cluster/b.js'),
        about: 'Real clock only.',
      },
    ],
    soaks: [],
  });

  it('gives each search a section headed by its command, with each first counterexample and its replay', () => {
    expect(text).toContain('## Property search: `shutdown-check compare scenarios/ --runs 10 --seed 1`');
    expect(text).toContain('## Property search: `shutdown-check compare scenarios/cluster/ --clock real --runs 10 --seed 1`');
    expect(text).toContain('- `scenarios/cluster/b.js`: fail — clean-exit (violated): the primary exited first');
    expect(text).toContain('  `npx shutdown-check --target scenarios/cluster/b.js --seed 1 --path 0:0`');
    expect(text.split('Real clock only.').length).toBe(2);
  });
});

describe('ADVICE', () => {
  it('has words for every invariant of the catalogue', () => {
    expect(Object.keys(ADVICE).sort()).toEqual(CATALOGUE.map((c) => c.id).sort());
  });
});
