import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI, processesMentioning, scenarioPath, survivors, uniqueCopy } from '../support/processes.js';

/**
 * Whatever ends the harness, the target dies with it: SIGINT and SIGTERM are caught and kill the
 * target's process group; SIGKILL cannot be caught, and the agent ends its own group when its IPC
 * channel to the harness disconnects.
 */
describe.each(['SIGINT', 'SIGTERM', 'SIGKILL'] as const)('the harness killed by %s mid-run', (signal) => {
  it('leaves no target process behind', async () => {
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
    // Let the run reach its signal and sit in the grace period.
    await new Promise((resolve) => setTimeout(resolve, 300));
    harness.kill(signal);
    expect(await exited).toBe(signal);
    expect(await survivors(target)).toEqual([]);
  });
});
