import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { LONG, PATIENT_STARTUP_MS, tempDir } from '../support/cli.js';
import { nginxBinary } from '../support/nginx.js';
import { CLI, groupSurvivors, processTable, scenarioPath, survivors, uniqueCopy, waitForNone } from '../support/processes.js';

/**
 * nginx runs in a process group of its own, spawned through spawnGuarded: when the harness is
 * SIGKILLed mid-run (nothing of it can clean up), the run's watchdog kills nginx's group — its master
 * and its worker — as it kills the target's, and then removes nginx's directory (its configuration,
 * pid file and logs), which the harness would have removed at the end of the run.
 */
it('the harness SIGKILLed mid-run behind nginx leaves no nginx process, no nginx directory and no target', async () => {
  nginxBinary();
  const target = uniqueCopy(scenarioPath('ignore-signal.js'));
  const harness = spawn(process.execPath, [CLI, '--target', target, '--proxy', 'nginx', '--grace', '60s', '--runs', '1', '--startup-timeout', `${PATIENT_STARTUP_MS}ms`, '--out', tempDir()], { stdio: 'ignore' });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => harness.on('exit', (_code, signal) => resolve(signal)));
  try {
    // nginx's master is the harness's child and retitles itself "nginx: master process ...".
    const masters = (): number[] => processTable().filter((p) => p.ppid === harness.pid && p.args.startsWith('nginx: master')).map((p) => p.pid);
    const tooLate = Date.now() + 120_000;
    while (masters().length === 0 && Date.now() < tooLate) await new Promise((resolve) => setTimeout(resolve, 20));
    const found = masters();
    expect(found).toHaveLength(1);
    const workers = processTable().filter((p) => found.includes(p.pgid) && p.pid !== found[0]);
    expect(workers.length).toBeGreaterThan(0);
    // The master keeps its command line after the title: "nginx: master process <binary> -p <dir> ...".
    const dir = /\s-p\s(\S+)/.exec(processTable().find((p) => p.pid === found[0])?.args ?? '')?.[1];
    expect(dir).toMatch(/shutdown-check-nginx-/);
    expect(existsSync(path.join(dir ?? '', 'nginx.conf'))).toBe(true);
    harness.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(await groupSurvivors(found)).toEqual([]);
    expect(await survivors(path.dirname(target))).toEqual([]);
    expect(await waitForNone(() => (existsSync(dir ?? '') ? [dir] : []), 30_000)).toEqual([]);
  } finally {
    harness.kill('SIGKILL');
  }
}, LONG);
