import { describe, expect, it } from 'vitest';
import { judgeShutdown } from '../../../src/api/shutdown-matcher.js';
import { ADVICE } from '../../../src/report/advice.js';
import type { Report } from '../../../src/report/report.js';
import type { ScenarioResult } from '../../../src/report/scenario-result.js';

const SCENARIO = {
  clients: [{ kind: 'slow' as const, id: 'A', at: 0, latencyMs: 2000 }],
  signal: 'SIGTERM' as const,
  signalAt: 100,
  graceMs: 30_000,
  profile: 'immediate' as const,
};

const HOLDS = { severity: 'error' as const, verdict: 'holds' as const, evidence: [], exercisedRuns: 1, counterexample: null };

const passed: Report = {
  tool: { name: 'shutdown-check', version: '0.1.0' },
  target: 'server.js',
  clock: 'virtual',
  seed: 7,
  numRuns: 100,
  verdict: 'pass',
  reason: null,
  settings: {
    target: 'server.js',
    clock: 'virtual',
    graceMs: 30_000,
    signal: 'SIGTERM',
    profile: 'immediate',
    clients: ['slow'],
    strict: false,
    config: null,
  },
  invariants: [{ id: 'in-flight-complete', ...HOLDS }],
  counterexample: null,
  replay: null,
};

const COUNTEREXAMPLE: NonNullable<Report['counterexample']> = {
  seed: 7,
  path: '2:0',
  focus: [],
  shrunk: true,
  scenario: SCENARIO,
  steps: ['A (slow) asks for a 2000 ms response at 0 ms'],
  history: [],
  historyHash: 'f00d',
  replay: 'npx shutdown-check --target server.js --seed 7 --path 2:0',
};

const failed: Report = {
  ...passed,
  numRuns: 3,
  verdict: 'fail',
  invariants: [
    {
      id: 'in-flight-complete',
      severity: 'error',
      verdict: 'violated',
      evidence: [{ message: 'request 0 of client A was reset before any response', events: [] }],
      exercisedRuns: 3,
      counterexample: COUNTEREXAMPLE,
    },
  ],
  counterexample: COUNTEREXAMPLE,
  replay: COUNTEREXAMPLE.replay,
};

const errored: Report = { ...passed, numRuns: 4, verdict: 'error', reason: 'a run reached no verdict: the step made no progress' };

const scenarioPassed: ScenarioResult = {
  target: 'server.js',
  clock: 'virtual',
  scenario: SCENARIO,
  steps: ['A (slow) asks for a 2000 ms response at 0 ms'],
  run: { status: 'completed' },
  verdict: 'pass',
  invariants: [{ id: 'in-flight-complete', ...HOLDS }],
  history: [],
  historyHash: 'beef',
  replay: `npx shutdown-check --target server.js --scenario '{"clients":[]}'`,
};

describe('judgeShutdown (toShutDownGracefully)', () => {
  it('passes a report whose verdict is pass; .not is told every invariant held', () => {
    expect(judgeShutdown(passed)).toEqual({
      pass: true,
      message: 'expected server.js not to shut down gracefully, but every invariant held (100 runs, seed 7)',
    });
  });

  it("fails a report whose verdict is fail, with the evidence, what it means and how to fix it, and each violated invariant's smallest scenario and replay command", () => {
    const judgement = judgeShutdown(failed);
    expect(judgement.pass).toBe(false);
    expect(judgement.message.split('\n')).toEqual([
      'expected server.js to shut down gracefully, but an invariant is violated (3 runs, seed 7):',
      '',
      'FAIL in-flight-complete  violated (error) · exercised in 3 runs',
      '       request 0 of client A was reset before any response',
      `       what it means: ${ADVICE['in-flight-complete'].meaning}`,
      `       how to fix it: ${ADVICE['in-flight-complete'].fix}`,
      '',
      'in-flight-complete — smallest failing scenario:',
      '  A (slow) asks for a 2000 ms response at 0 ms',
      'history sha256 f00d',
      '',
      'replay it with:',
      '  npx shutdown-check --target server.js --seed 7 --path 2:0',
    ]);
  });

  it('fails a report whose search reached no verdict, saying why', () => {
    const judgement = judgeShutdown(errored);
    expect(judgement.pass).toBe(false);
    expect(judgement.message.split('\n')[0]).toBe(
      'expected server.js to shut down gracefully, but the search reached no verdict (4 runs, seed 7): a run reached no verdict: the step made no progress',
    );
  });

  it('passes a scenario result whose verdict is pass', () => {
    expect(judgeShutdown(scenarioPassed)).toEqual({
      pass: true,
      message: 'expected server.js not to shut down gracefully in this scenario, but every invariant held',
    });
  });

  it('fails a scenario result that failed, ending with the command that runs that scenario again', () => {
    const judgement = judgeShutdown({ ...scenarioPassed, verdict: 'fail', invariants: failed.invariants });
    expect(judgement.pass).toBe(false);
    const lines = judgement.message.split('\n');
    expect(lines[0]).toBe('expected server.js to shut down gracefully, but an invariant is violated:');
    expect(lines).toContain('       request 0 of client A was reset before any response');
    expect(lines).toContain('history sha256 beef');
    expect(lines.slice(-2)).toEqual(['replay it with:', `  npx shutdown-check --target server.js --scenario '{"clients":[]}'`]);
  });

  it('fails a scenario run that could not finish, with the reason', () => {
    const judgement = judgeShutdown({ ...scenarioPassed, verdict: 'unknown', run: { status: 'unknown', reason: 'no progress for 10 s' } });
    expect(judgement.pass).toBe(false);
    expect(judgement.message.split('\n')[0]).toBe('expected server.js to shut down gracefully, but the run reached no verdict: no progress for 10 s');
  });

  it.each<[string, unknown, RegExp]>([
    ['a number', 42, /it got number$/],
    ['null', null, /it got null$/],
    ['an unrelated object', { verdict: 'pass' }, /it got object$/],
    ['a promise not awaited', Promise.resolve(passed), /got a Promise: await checkShutdown\(\) or runScenario\(\) first/],
  ])('throws for %s, so that .not cannot pass on it', (_name, value, message) => {
    expect(() => judgeShutdown(value)).toThrow(message);
  });
});
