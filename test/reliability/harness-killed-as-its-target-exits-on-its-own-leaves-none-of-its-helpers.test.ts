/**
 * A target that exits on its own leaves no agent behind to clean up after it, while its helpers — a
 * forked child, a sleep in its group, a grandchild in a session of its own — live on until the run is
 * disposed of. Whatever ends the harness in that window, they die with it: SIGINT and SIGTERM are
 * caught, SIGKILL is not, and then the run's watchdog does it.
 *
 * The fixture stops the harness (SIGSTOP) as it exits, so the harness is ended exactly at that moment,
 * before it has seen the exit; for SIGINT and SIGTERM it is then let go on (SIGCONT) to handle the
 * signal. Only the first target to exit stops it: the SIGTERM the harness sends the target of its other
 * run as it ends would otherwise stop it again, for good. --cmd targets (the same file, no agent) and two searches at once get the same.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { LONG, tempDir } from '../support/cli.js';
import { describeLeft, environOf, leftAfterwards, startHarness, until, type TargetKind } from './orphans.js';

const cases: { kind: TargetKind; concurrency: number }[] = [
  { kind: 'node', concurrency: 1 },
  { kind: 'node', concurrency: 2 },
  { kind: 'cmd', concurrency: 1 },
  { kind: 'cmd', concurrency: 2 },
];

describe.each(['SIGKILL', 'SIGTERM', 'SIGINT'] as const)('the harness ended by %s as its target exits on its own', (signal) => {
  it.each(cases)('$kind target, --concurrency $concurrency: no process of any run is left', async ({ kind, concurrency }) => {
    const h = startHarness(kind, concurrency, { FREEZE_PARENT_AT_EXIT: path.join(tempDir(), 'frozen') });
    // Frozen, with a target of its own dead and not yet reaped: the harness has not seen the exit.
    // A zombie child of the frozen harness is a target: its watchdogs cannot end while it holds their
    // stdin open. The target may have lived too briefly for any poll to see it alive, so it is counted
    // here, by its pid, as the leader of the group its helpers may still be in.
    const frozenAtExit = (): boolean => {
      const table = h.look();
      const harness = table.find((p) => p.pid === h.pid);
      const dead = table.filter((p) => p.ppid === h.pid && p.state === 'Z');
      for (const p of dead) h.seenTargets.add(p.pid);
      return harness?.state === 'T' && dead.length > 0;
    };
    const frozen = await until(frozenAtExit);
    // Never leave a stopped harness behind a failed expectation.
    if (!frozen) h.harness.kill('SIGKILL');
    expect(frozen).toBe(true);
    const helpers = h
      .look()
      .filter((p) => p.state !== 'Z' && p.pid !== h.pid && environOf(p.pid).get('ORPHAN_TEST_TAG') === h.tag);
    // Something to clean up: at least the exited target's three helpers.
    expect(helpers.length).toBeGreaterThanOrEqual(3);
    h.harness.kill(signal);
    if (signal !== 'SIGKILL') h.harness.kill('SIGCONT');
    expect(await h.exited).toBe(signal);
    const left = await leftAfterwards(h);
    console.log(`${signal}, ${kind} target, --concurrency ${concurrency}: ${helpers.length} processes alive at the kill; left: ${describeLeft(left)}`);
    expect(left).toEqual({ byEnvironment: [], byGroup: [], byCommandLine: [] });
  }, LONG);
});
