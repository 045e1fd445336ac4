import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LONG, PATIENT_STARTUP_MS, tempDir } from '../support/cli.js';
import { CLI, fixturePath, groupSurvivors, processesMentioning, survivors, targetsOf, uniqueCopy } from '../support/processes.js';

/**
 * Whatever ends the harness, its targets die with it, and so do the helpers they started: SIGINT and
 * SIGTERM are caught and kill each target's process group and its run's marked processes; SIGKILL
 * cannot be caught, and each run's watchdog does the same when its pipe from the harness closes (as
 * does the agent when its IPC channel to the harness disconnects).
 *
 * The target (forks-children.js, SIGTERM ignored) keeps a fork()ed and a spawn()ed child in its group
 * and a grandchild in a session of its own. The check scans /proc for every target pid the harness
 * started, for every member of those targets' process groups, and for anything naming the target's
 * unique folder (the grandchild that left the group).
 */
const cases = [
  // The real clock and a long grace period: the one run is still going when the harness is killed.
  // As soon as the first target exists: its agent may not be loaded yet, its helpers not started.
  { when: 'as its first target starts, real clock', after: 'target', delayMs: 0, args: ['--clock', 'real', '--grace', '60s'] },
  { when: 'mid-run, real clock', after: 'helpers', delayMs: 0, args: ['--clock', 'real', '--grace', '60s'] },
  // The virtual clock: a search of short runs, each its own target, killed wherever it is then —
  // probing, starting a target, mid-run, disposing of one.
  { when: 'in a search, virtual clock', after: 'helpers', delayMs: 0, args: ['--grace', '5s', '--runs', '1000'] },
  { when: 'later in a search, virtual clock', after: 'helpers', delayMs: 1000, args: ['--grace', '5s', '--runs', '1000'] },
] as const;

describe.each(['SIGINT', 'SIGTERM', 'SIGKILL'] as const)('the harness killed by %s', (signal) => {
  it.each(cases)('$when: leaves no process of any target', async ({ after, delayMs, args }) => {
    const target = uniqueCopy(fixturePath('reliability/forks-children.js'));
    const folder = path.dirname(target);
    const patience = ['--startup-timeout', `${PATIENT_STARTUP_MS}ms`];
    const harness = spawn(process.execPath, [CLI, '--target', target, '--out', tempDir(), ...patience, ...args], {
      stdio: 'ignore',
      env: { ...process.env, ON_SIGTERM: 'ignore' },
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => harness.on('exit', (_code, sig) => resolve(sig)));
    const harnessPid = harness.pid ?? -1;
    const seen = new Set<number>();
    const look = (): void => {
      for (const pid of targetsOf(harnessPid)) seen.add(pid);
    };
    // The grandchild that left the group is the last helper a target starts; pids grow, so one above
    // the newest target's is that target's, not one its predecessor left dying.
    const helpersUp = (): boolean =>
      processesMentioning(`${folder}/forks-children.js setsid-grandchild`).some((pid) => pid > Math.max(...seen));
    // 'helpers': a second target (under the real clock the first run's, the first being the probe
    // that tells what the target serves; under the virtual clock the probe's target runs the first run
    // and the second is the next run's, started ahead) with every helper up.
    const ready = (): boolean => (after === 'target' ? seen.size > 0 : seen.size > 1 && helpersUp());
    try {
      await until(() => (look(), ready()));
      expect(ready()).toBe(true);
      const killAt = Date.now() + delayMs;
      await until(() => (look(), Date.now() >= killAt && ready()));
      harness.kill(signal);
      expect(await exited).toBe(signal);
      expect(await groupSurvivors([...seen])).toEqual([]);
      expect(await survivors(folder)).toEqual([]);
    } finally {
      // A failed expectation must not leave a search of 1000 runs loading the machine for the next tests.
      harness.kill('SIGKILL');
    }
  }, LONG);
});

/** Polls `condition` until it holds, or for at most two minutes: a bound against a hang, not a timing. */
async function until(condition: () => boolean): Promise<void> {
  const tooLate = Date.now() + 120_000;
  while (!condition() && Date.now() < tooLate) await new Promise((resolve) => setTimeout(resolve, 10));
}
