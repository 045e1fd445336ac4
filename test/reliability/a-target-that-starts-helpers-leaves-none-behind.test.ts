import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { executeScenario } from '../../src/run/executor.js';
import { besidesProgress, LONG, PATIENT_STARTUP_MS, runOnCopy } from '../support/cli.js';
import { fixturePath, processesMentioning, survivors, uniqueCopy } from '../support/processes.js';
import { signalOnly } from '../support/scenarios.js';

/**
 * forks-children.js starts a fork()ed child and a spawn()ed one in its own process group, and the
 * forked child starts a grandchild in a session of its own (setsid): a group kill cannot reach it.
 * Every helper's command line names the fixture's unique folder, so a scan finds exactly them.
 */
const FIXTURE = 'reliability/forks-children.js';
const helpersTarget = (): { target: string; folder: string } => {
  const target = uniqueCopy(fixturePath(FIXTURE));
  return { target, folder: path.dirname(target) };
};

describe('a target that starts helpers of its own, one of them outside its process group', () => {
  it('leaves none of them once the run that started them is over, while the harness goes on', async () => {
    const { target, folder } = helpersTarget();
    const result = await executeScenario(signalOnly(100), { entry: target, startupTimeoutMs: PATIENT_STARTUP_MS });
    expect(result.run).toEqual({ status: 'completed' });
    // The target itself exited on SIGTERM, leaving its helpers running: the run's end must take them.
    expect(result.history.some((e) => e.type === 'target-exited')).toBe(true);
    expect(await survivors(folder)).toEqual([]);
  }, LONG);

  it('leaves none of them when it crashes during start-up, while the harness goes on', async () => {
    const { target, folder } = helpersTarget();
    const run = executeScenario(signalOnly(100), { entry: target, startupTimeoutMs: PATIENT_STARTUP_MS, env: { ...process.env, ON_START: 'crash' } });
    await expect(run).rejects.toThrow(/crashed during start-up/);
    expect(await survivors(folder)).toEqual([]);
  }, LONG);

  it('leaves none of them after a whole search', async () => {
    const run = runOnCopy(FIXTURE, ['--runs', '5', '--clients', 'late'], { timeoutMs: 300_000 });
    expect(besidesProgress(run.stderr)).toBe('');
    expect(run.status).toBe(0);
    expect(await survivors(path.dirname(run.target))).toEqual([]);
  }, LONG);

  it('leaves none of them when it crashes during start-up, and says why it failed', async () => {
    const run = runOnCopy(FIXTURE, [], { env: { ON_START: 'crash' }, timeoutMs: 120_000 });
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(/crashed during start-up \(Error: configuration is invalid: no database URL\) and exited with code 1/);
    expect(await survivors(path.dirname(run.target))).toEqual([]);
  }, LONG);

  it('had its helpers running while it ran (the scans above can see them)', async () => {
    const { target, folder } = helpersTarget();
    const run = executeScenario(signalOnly(100), { entry: target, startupTimeoutMs: PATIENT_STARTUP_MS });
    // Seen at least once before the run ends: the fixture listens only once all three helpers exist.
    let most = 0;
    let done = false;
    void run.finally(() => (done = true));
    while (!done) {
      most = Math.max(most, processesMentioning(folder).length);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await run;
    expect(most).toBe(4);
  }, LONG);
});

describe('a target whose helper escapes every kill (a session of its own and an empty environment)', () => {
  it('still lets the harness finish with its verdict, though the helper holds the output pipes', async () => {
    const run = runOnCopy(FIXTURE, ['--runs', '2', '--clients', 'late'], { env: { ESCAPE: '1' }, timeoutMs: 120_000 });
    // Only this test's own escaped helpers: their command lines name its unique folder.
    for (const pid of processesMentioning(path.dirname(run.target))) process.kill(pid, 'SIGKILL');
    expect(run.status).toBe(0);
  }, LONG);
});
