import { describe, expect, it } from 'vitest';
import type { InvariantResult } from '../../../src/checkers/verdict.js';
import { formatScenarioResult } from '../../../src/report/pretty.js';
import { buildScenarioResult, scenarioReplayCommand } from '../../../src/report/scenario-result.js';
import type { Scenario } from '../../../src/scenario/types.js';

const scenario: Scenario = {
  clients: [{ kind: 'keep-alive', id: 'A', at: 0, requests: [{ at: 0, path: "/it's" }] }],
  signal: 'SIGTERM',
  signalAt: 0,
  graceMs: 30_000,
  profile: 'immediate',
};

const settings = { target: 'my server.js', clock: 'virtual' as const, strict: false, config: null };

const violated: InvariantResult = {
  id: 'in-flight-complete',
  severity: 'error',
  verdict: { verdict: 'violated', evidence: [{ message: 'cut', events: [] }] },
};
const undecided: InvariantResult = { id: 'deadline', severity: 'error', verdict: { verdict: 'unknown', reason: 'no exit seen' } };

describe('a single scenario result', () => {
  it('replays its scenario inline, every word quoted for a POSIX shell', () => {
    expect(scenarioReplayCommand(settings, scenario)).toBe(
      `npx shutdown-check --target 'my server.js' --scenario '{"clients":[{"kind":"keep-alive","id":"A","at":0,"requests":[{"at":0,"path":"/it'\\''s"}]}],"signal":"SIGTERM","signalAt":0,"graceMs":30000,"profile":"immediate"}'`,
    );
  });

  it('repeats the config, the clock and strictness it was run with', () => {
    const command = scenarioReplayCommand({ target: 's.js', clock: 'real', strict: true, config: 'ci.config.json' }, scenario);
    expect(command.startsWith('npx shutdown-check --target s.js --config ci.config.json --clock real --strict --scenario ')).toBe(true);
  });

  it('repeats the Node release it ran under, as a search replay does, and names it in the printed header', () => {
    const node = { target: 's.js', clock: 'virtual' as const, strict: false, config: null, node: '24.22.3' };
    expect(scenarioReplayCommand(node, scenario).startsWith('npx shutdown-check --target s.js --node 24.22.3 --scenario ')).toBe(true);
    const run = { scenario, run: { status: 'completed' as const }, history: [], historyHash: 'h' };
    const result = buildScenarioResult(node, run, { verdict: 'pass', results: [] });
    expect(formatScenarioResult(result).split('\n')[0]).toBe('shutdown-check: s.js, Node 24.22.3, virtual clock, one scenario');
  });

  it('keeps a proven violation from a run that could not finish, and calls anything else from it unknown', () => {
    const run = { scenario, run: { status: 'unknown' as const, reason: 'stuck' }, history: [], historyHash: 'h' };
    expect(buildScenarioResult(settings, run, { verdict: 'fail', results: [violated] }).verdict).toBe('fail');
    expect(buildScenarioResult(settings, run, { verdict: 'pass', results: [] }).verdict).toBe('unknown');
    const completed = { ...run, run: { status: 'completed' as const } };
    expect(buildScenarioResult(settings, completed, { verdict: 'pass', results: [] }).verdict).toBe('pass');
  });

  it("gives its invariants in report.json's shape", () => {
    const run = { scenario, run: { status: 'completed' as const }, history: [], historyHash: 'h' };
    const result = buildScenarioResult(settings, run, { verdict: 'fail', results: [violated, undecided] });
    expect(result.invariants).toEqual([
      { id: 'in-flight-complete', severity: 'error', verdict: 'violated', evidence: [{ message: 'cut', events: [] }], exercisedRuns: 1, counterexample: null },
      { id: 'deadline', severity: 'error', verdict: 'unknown', evidence: [{ message: 'no exit seen', events: [] }], exercisedRuns: 1, counterexample: null },
    ]);
    expect(result.steps).toEqual(['A (keep-alive) sends GET /it\'s at 0 ms', 'SIGTERM at 0 ms; SIGKILL at 30000 ms if still running']);
  });
});
