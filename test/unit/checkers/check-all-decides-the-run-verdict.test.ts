import { describe, expect, it } from 'vitest';
import { CATALOGUE, checkAll, overallVerdict } from '../../../src/checkers/catalogue.js';
import type { Checker } from '../../../src/checkers/checker.js';
import { defaultCheckOptions } from '../../../src/checkers/checker.js';
import type { InvariantResult } from '../../../src/checkers/verdict.js';
import { history, scenario, typicalRun } from './fixtures.js';

const result = (severity: 'error' | 'warning', verdict: InvariantResult['verdict']): InvariantResult => ({
  id: 'x',
  severity,
  verdict,
});
const violated: InvariantResult['verdict'] = { verdict: 'violated', evidence: [{ events: [], message: 'm' }] };
const unknown: InvariantResult['verdict'] = { verdict: 'unknown', reason: 'r' };
const holds: InvariantResult['verdict'] = { verdict: 'holds' };

describe('checkAll', () => {
  it('passes a healthy run, one result per invariant in catalogue order', () => {
    const { scenario: s, history: h } = typicalRun();
    const report = checkAll(h, s);
    expect(report.verdict).toBe('pass');
    expect(report.results.map((r) => r.id)).toEqual(CATALOGUE.map((c) => c.id));
    expect(report.results.find((r) => r.id === 'keepalive-race')?.severity).toBe('warning');
  });

  it('reports readiness as not applicable outside the kubernetes profile', () => {
    const { scenario: s, history: h } = typicalRun();
    expect(checkAll(h, s).results.find((r) => r.id === 'readiness')?.verdict).toEqual({
      verdict: 'not-applicable',
      reason: 'applies to the kubernetes profile only; the scenario uses immediate',
    });
  });

  it('fails a run where an error invariant is violated', () => {
    const s = scenario([]);
    const h = history().listening().at(100).signal().at(150).exit(1);
    const report = checkAll(h.build(), s);
    expect(report.verdict).toBe('fail');
    expect(report.results.find((r) => r.id === 'clean-exit')?.verdict.verdict).toBe('violated');
  });

  it('fails on a violated warning only under strict', () => {
    const s = scenario([{ kind: 'keep-alive', id: 'K', at: 0, requests: [{ at: 0, path: '/' }, { at: 150, path: '/' }] }]);
    const h = history()
      .listening()
      .handler()
      .at(0).sent('K').open('K').started('K').finished('K').answered('K')
      .at(100).signal().handled()
      .at(150).sent('K', 1).started('K', 1).finished('K', 1).answered('K', 1).ended('K')
      .at(160).exit(0)
      .build();
    expect(checkAll(h, s).verdict).toBe('pass');
    expect(checkAll(h, s).results.find((r) => r.id === 'drain-connection-close')?.verdict.verdict).toBe('violated');
    expect(checkAll(h, s, { strict: true }).verdict).toBe('fail');
  });

  it('is unknown, not pass, when an error invariant cannot be decided', () => {
    const s = scenario([]);
    const h = history().listening().at(100).signal().build();
    expect(checkAll(h, s).verdict).toBe('unknown');
  });

  it('takes per-invariant severities from the options', () => {
    const s = scenario([]);
    const h = history().listening().at(100).signal().at(150).exit(1).build();
    const report = checkAll(h, s, { severities: { 'clean-exit': 'warning' } });
    expect(report.results.find((r) => r.id === 'clean-exit')?.severity).toBe('warning');
    expect(report.verdict).toBe('pass');
  });

  it('turns a checker that throws into unknown, naming it', () => {
    const broken: Checker = {
      id: 'broken',
      defaultSeverity: 'error',
      definition: 'Never decides.',
      exercisedBy: 'anything',
      check: () => {
        throw new Error('bug');
      },
    };
    const s = scenario([]);
    const report = checkAll([], s, {}, [broken]);
    expect(report.results[0]?.verdict).toEqual({ verdict: 'unknown', reason: 'the broken checker failed: bug' });
    expect(report.verdict).toBe('unknown');
  });
});

describe('the overall verdict', () => {
  it('lets a proven violation outweigh an undecided invariant', () => {
    expect(overallVerdict([result('error', unknown), result('error', violated)], false)).toBe('fail');
  });

  it('ignores what a warning says unless strict', () => {
    expect(overallVerdict([result('warning', violated), result('warning', unknown), result('error', holds)], false)).toBe('pass');
    expect(overallVerdict([result('warning', unknown), result('error', holds)], true)).toBe('unknown');
  });

  it('passes when nothing applicable is violated or undecided', () => {
    expect(overallVerdict([result('error', holds), result('error', { verdict: 'not-applicable', reason: 'r' })], false)).toBe('pass');
  });
});

describe('default options', () => {
  it('allow 0 and 128 + each signal the scenario sends', () => {
    expect(defaultCheckOptions(scenario([])).allowedExitCodes).toEqual([0, 143]);
    const twice = scenario([], { signal: 'SIGINT', secondSignal: { signal: 'SIGQUIT', at: 200 } });
    expect(defaultCheckOptions(twice).allowedExitCodes).toEqual([0, 130, 131]);
    expect(defaultCheckOptions(scenario([], { signal: 'SIGHUP' })).allowedExitCodes).toEqual([0, 129]);
    expect(defaultCheckOptions(scenario([], { signal: 'SIGUSR2' })).allowedExitCodes).toEqual([0, 140]);
  });

  it('accept 1001 and 1012 as WebSocket close codes', () => {
    expect(defaultCheckOptions(scenario([])).websocketCloseCodes).toEqual([1001, 1012]);
  });
});

it('keeps a default when an override is undefined', () => {
  expect(defaultCheckOptions(scenario([]), { strict: undefined, settleMs: 10 })).toMatchObject({ strict: false, settleMs: 10 });
});
