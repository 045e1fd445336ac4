import { describe, expect, it } from 'vitest';
import { judgeShutdown } from '../../../src/api/shutdown-matcher.js';
import type { InvariantResult } from '../../../src/checkers/verdict.js';
import { buildReport } from '../../../src/report/build.js';
import { formatGithubAnnotations } from '../../../src/report/github.js';
import { formatHtmlReport } from '../../../src/report/html.js';
import { formatJunit } from '../../../src/report/junit.js';
import { mergeShards } from '../../../src/report/merge.js';
import { formatReport } from '../../../src/report/pretty.js';
import type { SearchSettings } from '../../../src/report/report.js';
import { shardBlob } from '../../../src/report/shard-blob.js';
import { formatSummary } from '../../../src/report/summary.js';
import type { InvariantCounterexample, PropertyResult, Trial } from '../../../src/run/property.js';
import type { Scenario } from '../../../src/scenario/types.js';

const SETTINGS: SearchSettings = {
  target: 'server.js',
  clock: 'virtual',
  graceMs: 30_000,
  signal: 'SIGTERM',
  profile: 'immediate',
  clients: ['slow'],
  strict: false,
  config: null,
};

const holds = (id: string): InvariantResult => ({ id, severity: 'error', verdict: { verdict: 'holds' } });
const broken = (id: string, message: string): InvariantResult => ({ id, severity: 'error', verdict: { verdict: 'violated', evidence: [{ message, events: [] }] } });

function scenario(clients: number): Scenario {
  return {
    clients: Array.from({ length: clients }, (_, i) => ({ kind: 'slow' as const, id: String.fromCharCode(65 + i), at: 10 * i, latencyMs: 500 })),
    signal: 'SIGTERM',
    signalAt: 200,
    graceMs: 30_000,
    profile: 'immediate',
  };
}

function trial(results: InvariantResult[], clients: number, phase: Trial['phase'], run?: Trial['run']): Trial {
  return {
    scenario: scenario(clients),
    phase,
    ...(run ? { run } : {}),
    report: { verdict: results.some((r) => r.verdict.verdict === 'violated') ? 'fail' : 'pass', results },
    result: {
      scenario: scenario(clients),
      clock: 'virtual',
      run: { status: 'completed' },
      history: [],
      jsonl: '',
      historyHash: `hash-${clients}-${phase}`,
      meta: { pid: 1, port: 1, wallMs: 5, stderrTail: [], stdoutTail: [] },
    },
  };
}

// The search's one run cut a request and exited 0; a smaller scenario its shrinking tried crashed.
const searchRun = trial([broken('in-flight-complete', 'request 0 of client E was cut'), holds('clean-exit')], 5, 'search', { seed: 2, index: 0 });
const shrinkRun = trial([broken('in-flight-complete', 'request 0 of client A was cut'), broken('clean-exit', 'the target exited with code 1')], 1, 'shrink');
const counterexamples: InvariantCounterexample[] = [
  { invariant: 'in-flight-complete', seed: 2, path: '0:0:3', focusMs: [], numShrinks: 2, shrunk: true, trial: shrinkRun },
  { invariant: 'clean-exit', seed: 2, path: '0:0:1', focusMs: [], numShrinks: 1, shrunk: true, trial: shrinkRun, foundWhileShrinking: 'in-flight-complete' },
];
const result: PropertyResult = { status: 'failed', seed: 2, numRuns: 1, interrupted: false, trials: [searchRun, shrinkRun], counterexamples };
const report = buildReport(result, SETTINGS, '1.2.3');
const cleanExit = report.invariants.find((i) => i.id === 'clean-exit');

describe('an invariant violated only by a run made while shrinking another', () => {
  it('is violated, with that run as its counterexample and its own replay command, though every search run held it', () => {
    expect(cleanExit).toMatchObject({ verdict: 'violated', evidence: [{ message: 'the target exited with code 1', events: [] }] });
    expect(cleanExit?.counterexample).toMatchObject({ path: '0:0:1', historyHash: 'hash-1-shrink', foundWhileShrinking: 'in-flight-complete' });
    expect(cleanExit?.counterexample?.replay).toMatch(/--seed 2 --path 0:0:1$/);
    // The search runs alone held it: what it was put to the test in is still counted over them.
    expect(cleanExit?.exercisedRuns).toBe(1);
  });

  it('leaves an invariant a search run violated without the mark', () => {
    expect(report.invariants.find((i) => i.id === 'in-flight-complete')?.counterexample).not.toHaveProperty('foundWhileShrinking');
  });

  it('is said to have been found while shrinking the other, in the text, Markdown, HTML, JUnit and GitHub reports and the matcher\'s message', () => {
    const origin = "found while shrinking in-flight-complete: no search run violated clean-exit; a run made while shrinking in-flight-complete's counterexample did";
    const text = formatReport(report);
    expect(text).toMatch(/^FAIL clean-exit +violated \(error\) · exercised in 1 run · found while shrinking in-flight-complete$/m);
    expect(text).toContain(`clean-exit — smallest failing scenario:\n  (${origin})`);
    expect(formatSummary(report)).toContain('found while shrinking in-flight-complete');
    expect(formatHtmlReport(report)).toContain('<p class="origin">found while shrinking in-flight-complete: no search run violated clean-exit;');
    expect(formatJunit(report)).toContain('found while shrinking in-flight-complete: no search run violated clean-exit;');
    // The workflow command format escapes newlines, not the sentence.
    expect(formatGithubAnnotations(report)).toContain('found while shrinking in-flight-complete: no search run violated clean-exit;');
    const judged = judgeShutdown(report);
    expect(judged.pass).toBe(false);
    expect(judged.message).toContain(`clean-exit — smallest failing scenario:\n  (${origin})`);
  });

  it('fails the run on its own when it is the only error found', () => {
    // The search run only raised a warning; the shrinking of that warning ran into a crash.
    const race: InvariantResult = { id: 'keepalive-race', severity: 'warning', verdict: { verdict: 'violated', evidence: [{ message: 'a request was lost', events: [] }] } };
    const quiet = trial([holds('in-flight-complete'), holds('clean-exit'), race], 5, 'search', { seed: 2, index: 0 });
    const alone: PropertyResult = {
      ...result,
      trials: [quiet, shrinkRun],
      counterexamples: [
        { invariant: 'clean-exit', seed: 2, path: '0:0:1', focusMs: [], numShrinks: 0, shrunk: true, trial: shrinkRun, foundWhileShrinking: 'keepalive-race' },
      ],
    };
    const only = buildReport(alone, SETTINGS, '1.2.3');
    expect(only.verdict).toBe('fail');
    expect(only.counterexample?.foundWhileShrinking).toBe('keepalive-race');
    expect(only.replay).toMatch(/--path 0:0:1$/);
  });

  it('is a warning, failing the run only under strict, when its invariant is a warning', () => {
    const race: InvariantResult = { id: 'keepalive-race', severity: 'warning', verdict: { verdict: 'violated', evidence: [{ message: 'a request was lost', events: [] }] } };
    const quiet = trial([holds('in-flight-complete'), { id: 'keepalive-race', severity: 'warning', verdict: { verdict: 'holds' } }], 5, 'search', { seed: 2, index: 0 });
    const shrunkRace = trial([holds('in-flight-complete'), race], 1, 'shrink');
    const found: PropertyResult = {
      status: 'passed',
      seed: 2,
      numRuns: 1,
      interrupted: false,
      trials: [quiet, shrunkRace],
      counterexamples: [{ invariant: 'keepalive-race', seed: 2, path: '0:1', focusMs: [], numShrinks: 0, shrunk: true, trial: shrunkRace, foundWhileShrinking: 'stream-clean-end' }],
    };
    const warned = buildReport(found, SETTINGS, '1.2.3');
    expect(warned.verdict).toBe('pass');
    expect(warned.invariants.find((i) => i.id === 'keepalive-race')).toMatchObject({ verdict: 'violated', severity: 'warning', counterexample: { foundWhileShrinking: 'stream-clean-end' } });
    expect(formatReport(warned)).toMatch(/^warn keepalive-race +violated \(warning\) · exercised in 1 run · found while shrinking stream-clean-end$/m);
  });

  it('keeps its mark and its counterexample through a shard blob and the merge', () => {
    const blob = shardBlob({ index: 1, count: 1 }, { seed: 2, runs: 1, concurrency: 1, settings: SETTINGS }, result, '1.2.3');
    expect(blob.counterexamples.find((c) => c.invariant === 'clean-exit')?.found).toEqual({ seed: 2, index: 0 });
    const merged = mergeShards([{ source: 'shard-1', blob: JSON.parse(JSON.stringify(blob)) }]);
    expect(merged.kind).toBe('merged');
    if (merged.kind !== 'merged') return;
    expect(merged.report.invariants.find((i) => i.id === 'clean-exit')).toMatchObject({
      verdict: 'violated',
      counterexample: { path: '0:0:1', foundWhileShrinking: 'in-flight-complete' },
    });
  });
});
