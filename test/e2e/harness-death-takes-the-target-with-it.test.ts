import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI, processesMentioning, scenarioPath, survivors, uniqueCopy } from '../support/processes.js';

/**
 * Whatever ends the harness, the target dies with it: SIGINT and SIGTERM are caught and kill the
 * target's process group; SIGKILL cannot be caught, and the agent ends its own group when its IPC
 * channel to the harness disconnects.
 */
describe.each(['SIGINT', 'SIGTERM', 'SIGKILL'] as const)('the harness killed by %s', (signal) => {
  // 0 ms: while the target is still starting (its agent may not be loaded yet); 300 ms: mid-run.
  it.each([0, 300])('%i ms after the target appeared leaves no target process behind', async (delay) => {
    const target = uniqueCopy(scenarioPath('ignore-signal.js'));
    // Real clock and a long grace period: the run is still going when the harness is killed.
    const harness = spawn(process.execPath, [CLI, '--target', target, '--clock', 'real', '--grace', '60s'], {
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => harness.on('exit', (_code, sig) => resolve(sig)));
    const deadline = Date.now() + 15_000;
    // The harness's own command line names the target too; the target is the one running the agent.
    const targetRunning = () => processesMentioning(`agent.mjs ${target}`);
    while (targetRunning().length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(targetRunning()).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, delay));
    harness.kill(signal);
    expect(await exited).toBe(signal);
    expect(await survivors(target)).toEqual([]);
  });
});
