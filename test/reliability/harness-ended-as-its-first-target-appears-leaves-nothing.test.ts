/**
 * The harness ended at the instant its first target appears in /proc: the child exists from the
 * fork on, while spawn() has not yet returned to the harness. The signal handlers and the run's
 * watchdog must already be in place then; with them installed only after the spawn, all four
 * processes of the fixture's run were left behind, every time, for a command target and whichever
 * signal ended the harness.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LONG } from '../support/cli.js';
import { describeLeft, leftAfterwards, startHarness, type TargetKind } from './orphans.js';

/** Whether the process has a child yet; its first child is its first target. */
function hasChild(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim() !== '';
  } catch {
    return false;
  }
}

const cases = (['cmd', 'node'] as const).flatMap((kind: TargetKind) => (['SIGKILL', 'SIGTERM', 'SIGINT'] as const).map((signal) => ({ kind, signal })));

describe('the harness ended as its first target appears', () => {
  it.each(cases)('$kind target, $signal: no process of the run is left', async ({ kind, signal }) => {
    const h = startHarness(kind, 1);
    try {
      // A busy poll, not a timer: the window is the length of one spawn() call.
      const tooLate = Date.now() + 60_000;
      while (!hasChild(h.pid) && Date.now() < tooLate);
      expect(hasChild(h.pid)).toBe(true);
      h.harness.kill(signal);
      expect(await h.exited).toBe(signal);
      const left = await leftAfterwards(h);
      console.log(`${kind} target, ${signal}: left ${describeLeft(left)}`);
      expect(left).toEqual({ byEnvironment: [], byGroup: [], byCommandLine: [] });
    } finally {
      // A failed expectation must not leave the harness's search running into the next tests.
      h.harness.kill('SIGKILL');
    }
  }, LONG);
});
