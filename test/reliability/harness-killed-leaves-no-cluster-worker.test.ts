import { spawn } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';
import { LONG, PATIENT_STARTUP_MS, tempDir } from '../support/cli.js';
import { CLI, fixturePath, groupSurvivors, processesMentioning, survivors, targetsOf, uniqueCopy } from '../support/processes.js';

/**
 * A node:cluster target's workers are in its process group (cluster.fork does not detach them), so
 * the guard that kills the group when the harness is SIGKILLed takes them too. The fixture's workers
 * block their event loop after listening: they would never exit of the lost channel to their primary
 * by themselves, so a worker left behind is seen.
 */
it('the harness SIGKILLed mid-run leaves no worker of a cluster target', async () => {
  const target = uniqueCopy(fixturePath('reliability/cluster-workers-that-never-see-their-primary-go.js'));
  const folder = path.dirname(target);
  const harness = spawn(
    process.execPath,
    [CLI, '--target', target, '--out', tempDir(), '--clock', 'real', '--grace', '60s', '--runs', '1', '--startup-timeout', `${PATIENT_STARTUP_MS}ms`],
    { stdio: 'ignore' },
  );
  const exited = new Promise<NodeJS.Signals | null>((resolve) => harness.on('exit', (_code, sig) => resolve(sig)));
  const harnessPid = harness.pid ?? -1;
  const seen = new Set<number>();
  // The run's target (the second: the first is the probe that tells what the target serves) and its
  // two workers, pids above it, all up.
  const ready = (): boolean => {
    for (const pid of targetsOf(harnessPid)) seen.add(pid);
    if (seen.size < 2) return false;
    const primary = Math.max(...seen);
    return processesMentioning(target).filter((pid) => pid >= primary).length >= 3;
  };
  try {
    const tooLate = Date.now() + 120_000;
    while (!ready() && Date.now() < tooLate) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(ready()).toBe(true);
    const workers = processesMentioning(target).filter((pid) => pid > Math.max(...seen));
    expect(workers).toHaveLength(2);
    harness.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(await groupSurvivors([...seen])).toEqual([]);
    expect(await survivors(folder)).toEqual([]);
  } finally {
    harness.kill('SIGKILL');
  }
}, LONG);
