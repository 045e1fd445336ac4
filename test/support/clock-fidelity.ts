import path from 'node:path';
import { expect } from 'vitest';
import { checkAll, type InvariantId } from '../../src/checkers/catalogue.js';
import type { Verdict } from '../../src/checkers/verdict.js';
import { executeScenario, type RunResult, type RunStatus } from '../../src/run/executor.js';
import type { Scenario } from '../../src/scenario/types.js';
import type { ClockMode } from '../../src/target/target.js';
import { fixturePath, STARTUP_TIMEOUT_MS } from './processes.js';

/**
 * The clock-fidelity suite's harness: one fixed scenario against one adversarial target from
 * test/fixtures/fidelity/, under the virtual clock and under the real clock — the reference — and
 * the verdicts of both, invariant by invariant.
 */

/** Real ms per scenario ms for the reference run, unless a case says otherwise. */
export const TIME_SCALE = 0.25;
/** How long a test may take: a few runs of a few seconds each, on a loaded 2-core machine. */
export const CASE_TIMEOUT_MS = 120_000;

export interface FidelityCase {
  /** the target, under test/fixtures/fidelity/ */
  fixture: string;
  /** the target's own settings (which clock it reads, how it waits, its deadline) */
  env?: Record<string, string>;
  scenario: Scenario;
  /** real ms per scenario ms for the real-clock run (default TIME_SCALE) */
  timeScale?: number;
}

export interface ClockRun {
  clock: ClockMode;
  run: RunStatus;
  verdicts: Partial<Record<InvariantId, Verdict['verdict']>>;
  /** each violation and each undecided verdict, in words, for a failure message */
  why: string[];
  jsonl: string;
  /** the executor steps the run took: what a run costs, counted without a clock */
  steps: number;
  result: RunResult;
}

export async function runUnder(clock: ClockMode, c: FidelityCase): Promise<ClockRun> {
  const result = await executeScenario(c.scenario, {
    entry: fixturePath(path.join('fidelity', c.fixture)),
    startupTimeoutMs: STARTUP_TIMEOUT_MS,
    clock,
    ...(clock === 'real' ? { timeScale: c.timeScale ?? TIME_SCALE } : {}),
    ...(c.env ? { env: { ...process.env, ...c.env } } : {}),
  });
  const report = checkAll(result.history, c.scenario, {});
  const verdicts = Object.fromEntries(report.results.map((r) => [r.id, r.verdict.verdict]));
  const why = report.results.flatMap((r) =>
    r.verdict.verdict === 'violated'
      ? r.verdict.evidence.map((e) => `${r.id}: ${e.message}`)
      : r.verdict.verdict === 'unknown'
        ? [`${r.id}: unknown, ${r.verdict.reason}`]
        : [],
  );
  const steps = result.history.reduce((most, e) => Math.max(most, e.step), 0);
  return { clock, run: result.run, verdicts, why, jsonl: result.jsonl, steps, result };
}

/** Both clocks at once: the reference does not wait for the virtual run, nor the reverse. */
export async function underBothClocks(c: FidelityCase): Promise<{ virtual: ClockRun; real: ClockRun }> {
  const [virtual, real] = await Promise.all([runUnder('virtual', c), runUnder('real', c)]);
  return { virtual, real };
}

function story(run: ClockRun, c: FidelityCase): string {
  const scale = run.clock === 'real' ? ` ×${c.timeScale ?? TIME_SCALE}` : '';
  return `${run.clock}${scale} (${JSON.stringify(run.run)}):\n${run.why.join('\n')}\n${run.jsonl}`;
}

/**
 * The virtual clock's verdicts equal the real clock's, invariant by invariant, both runs completed,
 * and the real clock gave `decisive` — what the case is about, so that a target that did not reach
 * its deadline, say, cannot pass by agreeing on nothing.
 */
export function expectSameVerdicts(
  { virtual, real }: { virtual: ClockRun; real: ClockRun },
  c: FidelityCase,
  decisive: Partial<Record<InvariantId, Verdict['verdict']>>,
): void {
  const both = `${story(virtual, c)}\n${story(real, c)}`;
  expect(real.run, both).toEqual({ status: 'completed' });
  expect(real.verdicts, both).toMatchObject(decisive);
  expect(virtual.run, both).toEqual({ status: 'completed' });
  expect(virtual.verdicts, both).toEqual(real.verdicts);
}

/**
 * The virtual clock could not follow what the target waits on: its run ends `unknown` with a reason
 * that names the wait (`names`) and says to rerun with the real clock, and every invariant it judged
 * all the same got the real clock's verdict. The real clock decides the case.
 */
export function expectUnknownWithTheReason(
  { virtual, real }: { virtual: ClockRun; real: ClockRun },
  c: FidelityCase,
  names: RegExp,
): void {
  const both = `${story(virtual, c)}\n${story(real, c)}`;
  expect(real.run, both).toEqual({ status: 'completed' });
  expect(Object.values(real.verdicts), both).not.toContain('unknown');
  expect(virtual.run, both).toEqual({ status: 'unknown', reason: expect.stringMatching(names) });
  expect(virtual.run.status === 'unknown' ? virtual.run.reason : '', both).toMatch(
    /the virtual clock does not control; rerun with --clock real$/,
  );
  for (const [id, verdict] of Object.entries(virtual.verdicts)) {
    if (verdict === 'unknown') continue;
    expect(verdict, `${id}\n${both}`).toBe(real.verdicts[id as InvariantId]);
  }
}

/**
 * A shutdown that a deadline of the target's own cuts: a request whose answer takes 2.4 s is in
 * flight at the signal (200 ms); a deadline of 1 s after the signal cuts it at 1.2 s, well before both
 * its answer and the SIGKILL at 3.2 s. Each pair of decisive events is at least 800 scenario ms (200
 * real ms at ×0.25) apart, so that a busy machine's delays do not reorder them.
 */
export function cutByDeadline(): Scenario {
  return {
    clients: [{ kind: 'slow', id: 'A', at: 0, latencyMs: 2_400 }],
    signal: 'SIGTERM',
    signalAt: 200,
    graceMs: 3_000,
    profile: 'immediate',
  };
}

/** The same target settings for a deadline that cuts (DEADLINE_MS=1000) and one that does not (2000). */
export const CUTTING_DEADLINE = { DEADLINE_MS: '1000' };
export const LATE_DEADLINE = { DEADLINE_MS: '2000' };

/** A request answered at 1 s, in flight at the signal (200 ms); SIGKILL at 3.2 s. */
export function answeredInTime(graceMs = 3_000): Scenario {
  return {
    clients: [{ kind: 'slow', id: 'A', at: 0, latencyMs: 1_000 }],
    signal: 'SIGTERM',
    signalAt: 200,
    graceMs,
    profile: 'immediate',
  };
}
