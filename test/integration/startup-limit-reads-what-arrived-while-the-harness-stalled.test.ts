import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { startupTimer } from '../../src/target/startup-timer.js';

/**
 * A child prints its ready line at once, while the harness's event loop is blocked for longer than the
 * start-up limit (a starved machine). Once the loop runs again the line must win over the limit.
 */
it('a line that arrived while the loop was blocked past the limit counts as in time', async () => {
  const child = spawn(process.execPath, ['-e', 'console.log("ready")'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const outcome = new Promise<string>((resolve) => {
    const cancel = startupTimer(100, () => resolve('timeout'));
    child.stdout.on('data', () => {
      cancel();
      resolve('ready');
    });
  });
  // Block the loop, past the limit and until the child has printed and exited (seen in /proc).
  const start = Date.now();
  while (Date.now() - start < 300 || (processAlive(child.pid) && Date.now() - start < 30_000)) {
    // busy: nothing else in this process may run
  }
  expect(processAlive(child.pid)).toBe(false);
  expect(await outcome).toBe('ready');
  await exited;
});

function processAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    // A zombie (exited, not yet reaped by this blocked process) still answers signal 0; read its state.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}
