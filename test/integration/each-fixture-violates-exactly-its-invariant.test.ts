import { describe, expect, it } from 'vitest';
import { checkAll, type CheckReport } from '../../src/checkers/catalogue.js';
import type { CheckOptions } from '../../src/checkers/checker.js';
import { executeScenario } from '../../src/run/executor.js';
import type { ClientSpec, Profile, Scenario } from '../../src/scenario/types.js';
import { fixturePath, scenarioPath } from '../support/processes.js';

function scenario(clients: ClientSpec[], extra: { graceMs?: number; profile?: Profile; signalAt?: number } = {}): Scenario {
  return {
    clients,
    signal: 'SIGTERM',
    signalAt: extra.signalAt ?? 100,
    graceMs: extra.graceMs ?? 30_000,
    profile: extra.profile ?? 'immediate',
  };
}

async function verdicts(entry: string, s: Scenario, options: Partial<CheckOptions> = {}): Promise<CheckReport> {
  const result = await executeScenario(s, { entry, routes: { websocket: '/', stream: '/events' } });
  expect(result.run).toEqual({ status: 'completed' });
  return checkAll(result.history, s, options);
}

function violated(report: CheckReport, severity: 'error' | 'warning'): string[] {
  return report.results.filter((r) => r.severity === severity && r.verdict.verdict === 'violated').map((r) => r.id);
}

/**
 * Each small target is written to break one invariant. End to end — a real process, real clients,
 * the real checkers — it must break that one and no other error-severity invariant, and every other
 * invariant must be decided (no `unknown`).
 */
describe.each<[string, string, Scenario, Partial<CheckOptions>, string[]]>([
  ['exits at once', scenarioPath('exit-at-once.js'), scenario([{ kind: 'http', id: 'A', at: 0, path: '/', holdMs: 1000 }]), {}, ['in-flight-complete']],
  [
    // K's request is answered 200 before the signal (the route works); A's is read 100 ms before it,
    // its query still running when the pool closes.
    'closes its database pool before draining',
    fixturePath('violations/closes-pool-before-draining.js'),
    scenario(
      [
        { kind: 'keep-alive', id: 'K', at: 0, requests: [{ at: 0, path: '/' }] },
        { kind: 'http', id: 'A', at: 500, path: '/' },
      ],
      { signalAt: 600 },
    ),
    {},
    ['no-shutdown-5xx'],
  ],
  [
    'keeps listening after the signal and destroys new connections',
    fixturePath('violations/accepts-then-drops.js'),
    scenario([{ kind: 'late', id: 'L', at: 200, attempts: [] }]),
    {},
    ['no-accept-then-drop'],
  ],
  [
    'never closes its WebSockets',
    fixturePath('violations/websocket-never-closed.js'),
    scenario([{ kind: 'websocket', id: 'W', at: 0, messages: [50] }], { graceMs: 2000 }),
    {},
    ['deadline', 'websocket-going-away'],
  ],
  [
    'cuts a stream by exiting early',
    fixturePath('violations/stream-cut-by-exit.js'),
    scenario([{ kind: 'stream', id: 'S', at: 0, chunks: 10, everyMs: 100, sse: false }]),
    {},
    ['stream-clean-end'],
  ],
  [
    'throws in its signal handler',
    fixturePath('violations/throws-in-signal-handler.js'),
    scenario([{ kind: 'http', id: 'A', at: 0, path: '/' }]),
    {},
    ['clean-exit'],
  ],
  [
    'answers readiness 200 through a kubernetes drain',
    fixturePath('violations/readiness-stays-ready.js'),
    scenario(
      [
        { kind: 'http', id: 'P', at: 150, path: '/readyz' },
        { kind: 'http', id: 'A', at: 300, path: '/' },
      ],
      { profile: 'kubernetes' },
    ),
    { drainDelayMs: 1000, readinessPath: '/readyz' },
    ['readiness'],
  ],
])('a target that %s', (_name, entry, s, options, expected) => {
  it(`violates ${expected.join(' and ')}, and no other error invariant`, async () => {
    const report = await verdicts(entry, s, options);
    expect(violated(report, 'error')).toEqual(expected);
    expect(report.results.filter((r) => r.verdict.verdict === 'unknown')).toEqual([]);
    expect(report.verdict).toBe('fail');
  });
});

describe('a target that drains but advertises keep-alive on its drain responses', () => {
  const s = scenario([
    { kind: 'keep-alive', id: 'K', at: 0, requests: [{ at: 0, path: '/' }, { at: 50, path: '/slow' }] },
  ]);
  it('raises the drain-connection-close warning and passes', async () => {
    const report = await verdicts(fixturePath('violations/keeps-alive-while-draining.js'), s);
    expect(violated(report, 'error')).toEqual([]);
    expect(violated(report, 'warning')).toEqual(['drain-connection-close']);
    expect(report.verdict).toBe('pass');
  });
  it('fails under strict', async () => {
    const report = await verdicts(fixturePath('violations/keeps-alive-while-draining.js'), s, { strict: true });
    expect(report.verdict).toBe('fail');
  });
});
