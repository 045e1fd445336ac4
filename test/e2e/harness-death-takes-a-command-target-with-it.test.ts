// A --cmd target has no agent to notice the harness is gone. SIGINT and SIGTERM are caught and kill
// its process group; a SIGKILL of the harness closes the watchdog's pipe, and the watchdog kills it.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI, fixturePath, processesMentioning, survivors, uniqueCopy } from '../support/processes.js';

describe.each(['SIGINT', 'SIGTERM', 'SIGKILL'] as const)('the harness killed by %s', (signal) => {
  it('mid-run leaves no process of the command behind', async () => {
    const server = uniqueCopy(fixturePath('python/server.py'));
    // A long grace period with the real clock: the run is still going when the harness is killed.
    const harness = spawn(
      process.execPath,
      [CLI, '--cmd', `python3 ${server} --mode graceful`, '--port-env', 'PORT', '--grace', '60s', '--clients', 'silent'],
      { stdio: 'ignore' },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) => harness.on('exit', (_code, sig) => resolve(sig)));
    const deadline = Date.now() + 15_000;
    const running = () => processesMentioning(`${server} --mode graceful`).filter((pid) => pid !== harness.pid);
    while (running().length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(running().length).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    harness.kill(signal);
    expect(await exited).toBe(signal);
    expect(await survivors(server)).toEqual([]);
  });
});
