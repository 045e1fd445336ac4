import { describe, expect, it } from 'vitest';
import type { InvariantResult } from '../../../src/checkers/verdict.js';
import { buildReport } from '../../../src/report/build.js';
import { formatReport } from '../../../src/report/pretty.js';
import { aggregateInvariants, type SearchSettings } from '../../../src/report/report.js';
import type { InvariantCounterexample, PropertyResult, Trial } from '../../../src/run/property.js';
import type { Scenario } from '../../../src/scenario/types.js';

const SETTINGS: SearchSettings = {
  target: 'server.js',
  clock: 'virtual',
  graceMs: 30_000,
  signal: 'SIGTERM',
  profile: 'immediate',
  clients: ['slow', 'websocket'],
  strict: false,
  config: null,
};

const holds = (id: string, severity: 'error' | 'warning' = 'error'): InvariantResult => ({ id, severity, verdict: { verdict: 'holds' } });
const untested = (id: string, reason: string): InvariantResult => ({ id, severity: 'error', verdict: { verdict: 'not-exercised', reason } });
const broken = (id: string, message: string, severity: 'error' | 'warning' = 'error'): InvariantResult => ({
  id,
  severity,
  verdict: { verdict: 'violated', evidence: [{ message, events: [] }] },
});

function scenario(latencyMs: number): Scenario {
  return { clients: [{ kind: 'slow', id: 'A', at: 0, latencyMs }], signal: 'SIGTERM', signalAt: 10, graceMs: 30_000, profile: 'immediate' };
}

function trial(results: InvariantResult[], latencyMs: number, phase: Trial['phase'] = 'search'): Trial {
  const verdict = results.some((r) => r.verdict.verdict === 'violated' && r.severity === 'error') ? 'fail' : 'pass';
  return {
    scenario: scenario(latencyMs),
    phase,
    report: { verdict, results },
    result: {
      scenario: scenario(latencyMs),
      clock: 'virtual',
      run: { status: 'completed' },
      history: [],
      jsonl: '',
      historyHash: `hash-${latencyMs}`,
      meta: { pid: 1, port: 1, wallMs: 5, stderrTail: [], stdoutTail: [] },
    },
  };
}

describe('the verdict of each invariant over a search', () => {
  it('is not-exercised, with the reason given most often, when no run put it to the test — never holds', () => {
    const runs = [
      [holds('in-flight-complete'), untested('websocket-going-away', 'no WebSocket was open at SIGTERM')],
      [holds('in-flight-complete'), untested('websocket-going-away', 'the handshake to / was answered 400')],
      [untested('in-flight-complete', 'no request was in flight'), untested('websocket-going-away', 'the handshake to / was answered 400')],
    ];
    const [inFlight, websocket] = aggregateInvariants(runs);
    expect(inFlight).toMatchObject({ id: 'in-flight-complete', verdict: 'holds', exercisedRuns: 2 });
    expect(websocket).toMatchObject({
      id: 'websocket-going-away',
      verdict: 'not-exercised',
      exercisedRuns: 0,
      evidence: [{ message: 'the handshake to / was answered 400', events: [] }],
    });
  });

  it('takes a violated invariant\'s evidence from its own counterexample, not from a larger run', () => {
    const runs = [[broken('in-flight-complete', 'a big run cut request 3 of client F')]];
    const own = new Map([['in-flight-complete', { results: [broken('in-flight-complete', 'request 0 of client A was cut')], counterexample: null }]]);
    expect(aggregateInvariants(runs, own)[0]?.evidence).toEqual([{ message: 'request 0 of client A was cut', events: [] }]);
  });
});

describe('a report of a search that found several invariants violated', () => {
  const counterexample = (invariant: string, results: InvariantResult[], latencyMs: number, path: string): InvariantCounterexample => ({
    invariant,
    seed: 8,
    path,
    focusMs: invariant === 'stream-clean-end' ? [1000, 29_000] : [],
    numShrinks: 3,
    shrunk: invariant !== 'stream-clean-end',
    trial: trial(results, latencyMs, 'shrink'),
  });
  const search = [
    trial([broken('in-flight-complete', 'request 0 of client A was cut (big)'), holds('stream-clean-end'), holds('drain-connection-close', 'warning')], 9000),
    trial([holds('in-flight-complete'), broken('stream-clean-end', 'the stream of client A was cut (big)'), holds('drain-connection-close', 'warning')], 7000),
    trial([holds('in-flight-complete'), holds('stream-clean-end'), broken('drain-connection-close', 'no Connection: close (big)', 'warning')], 5000),
  ];
  const result: PropertyResult = {
    status: 'failed',
    seed: 7,
    numRuns: 3,
    interrupted: false,
    trials: [...search, trial([broken('in-flight-complete', 'shrinking run')], 100, 'shrink')],
    counterexamples: [
      counterexample('in-flight-complete', [broken('in-flight-complete', 'request 0 of client A was cut'), holds('stream-clean-end')], 2000, '0:1'),
      counterexample('stream-clean-end', [holds('in-flight-complete'), broken('stream-clean-end', 'the stream of client A was cut')], 3000, '1:0:0'),
      counterexample('drain-connection-close', [broken('drain-connection-close', 'no Connection: close', 'warning')], 4000, '2'),
    ],
  };
  const report = buildReport(result, SETTINGS, '1.2.3');

  it('gives each violated invariant its own smallest scenario, evidence, seed, path and replay command', () => {
    const byId = Object.fromEntries(report.invariants.map((i) => [i.id, i]));
    expect(byId['in-flight-complete']?.evidence[0]?.message).toBe('request 0 of client A was cut');
    expect(byId['in-flight-complete']?.counterexample).toMatchObject({ seed: 8, path: '0:1', scenario: scenario(2000), historyHash: 'hash-2000' });
    expect(byId['in-flight-complete']?.counterexample?.replay).toBe(
      'npx shutdown-check --target server.js --grace 30000ms --signal SIGTERM --profile immediate --clients slow,websocket --seed 8 --path 0:1',
    );
    expect(byId['stream-clean-end']?.counterexample?.replay).toMatch(/--seed 8 --path 1:0:0 --focus 1000ms,29000ms$/);
    expect(byId['stream-clean-end']?.counterexample?.shrunk).toBe(false);
    expect(byId['drain-connection-close']).toMatchObject({ verdict: 'violated', severity: 'warning' });
    expect(byId['drain-connection-close']?.counterexample?.path).toBe('2');
  });

  it('counts the runs of the search that exercised each invariant, not the shrinking runs', () => {
    expect(report.invariants.map((i) => [i.id, i.exercisedRuns])).toEqual([
      ['in-flight-complete', 3],
      ['stream-clean-end', 3],
      ['drain-connection-close', 3],
    ]);
  });

  it('keeps the first run-failing invariant\'s counterexample and replay at the top, for one-failure readers', () => {
    expect(report.verdict).toBe('fail');
    expect(report.counterexample).toBe(report.invariants[0]?.counterexample);
    expect(report.replay).toBe(report.invariants[0]?.counterexample?.replay);
  });

  it('prints each counterexample under its invariant, each with its replay command', () => {
    const text = formatReport(report);
    const replays = text.split('\n').filter((line) => line.startsWith('  npx shutdown-check'));
    expect(replays).toEqual(report.invariants.map((i) => `  ${i.counterexample?.replay}`));
    expect(text).toContain('in-flight-complete — smallest failing scenario:');
    expect(text).toContain('stream-clean-end — smallest failing scenario found before the budget ended:');
    expect(text).toContain('FAIL in-flight-complete      violated (error) · exercised in 3 runs');
  });
});
