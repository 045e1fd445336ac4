// A --cmd target that cannot be brought up: one line saying what is wrong and what to do (then the
// last lines of its stderr), exit status 3, and no process left behind. A bad flag: one line, exit 2.
import { spawn } from 'node:child_process';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { CLI, fixturePath, survivors, uniqueCopy } from '../support/processes.js';

describe('a command that cannot be brought up', () => {
  it('command not found: the shell says 127, exit 3', async () => {
    const missing = `shutdown-check-no-such-server-${process.pid}`;
    const result = runCli(['--cmd', missing, '--port-env', 'PORT'], { timeoutMs: 60_000 });
    expect(result.status).toBe(3);
    const [first, ...rest] = result.stderr.split('\n');
    expect(first).toMatch(/^shutdown-check: command ".*" exited with code 127 \(127: the shell did not find the command\) before it was ready/);
    expect(rest.join('\n')).toContain(`${missing}: not found`);
    expect(await survivors(missing)).toEqual([]);
  });

  it('exits at once: says it must keep running, exit 3', async () => {
    const script = uniqueCopy(fixturePath('python/echo.py'));
    const result = runCli(['--cmd', `python3 ${script} --port not-a-number`, '--port-env', 'PORT'], { timeoutMs: 60_000 });
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/^shutdown-check: command ".*" exited with code 2 before it was ready; run it by hand to see why/);
    expect(await survivors(script)).toEqual([]);
  });

  it('never listens: gives up at the start-up timeout, exit 3, kills it', async () => {
    const marker = `${process.pid}${Date.now() % 1000}`;
    const result = runCli(['--cmd', `sleep 7${marker}`, '--port-env', 'PORT', '--startup-timeout', '1500ms'], { timeoutMs: 60_000 });
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/^shutdown-check: command "sleep \d+" did not accept connections on port \d+ \(given to it in \$PORT\) within 1500 ms/);
    expect(await survivors(`sleep 7${marker}`)).toEqual([]);
  });

  it('never prints its ready line: names the pattern, exit 3, kills it', async () => {
    const script = uniqueCopy(fixturePath('python/echo.py'));
    const result = runCli(
      ['--cmd', `python3 ${script}`, '--port-env', 'PORT', '--ready-pattern', '^ready!$', '--startup-timeout', '2s'],
      { timeoutMs: 60_000 },
    );
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/printed no stdout line matching \/\^ready!\$\/ within 2000 ms; check --ready-pattern/);
    expect(await survivors(script)).toEqual([]);
  });

  it('port already in use: says so before starting it, exit 3', async () => {
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const address = squatter.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const script = uniqueCopy(fixturePath('python/echo.py'));
      // The squatter lives in this process: run the CLI without blocking its event loop.
      const result = await runCliAsync(['--cmd', `python3 ${script}`, '--port', String(port)]);
      expect(result.status).toBe(3);
      expect(result.stderr).toMatch(new RegExp(`^shutdown-check: port ${port} is already in use by another process`));
      expect(await survivors(script)).toEqual([]);
    } finally {
      squatter.close();
    }
  });
});

/** spawnSync would block this process's event loop, and with it the squatter's accepts. */
function runCliAsync(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('bad --cmd usage', () => {
  it.each<[string, string[], RegExp]>([
    ['a bad ready pattern', ['--cmd', './server', '--port-env', 'PORT', '--ready-pattern', 'listening ('], /^shutdown-check: --ready-pattern listening \( is not a regular expression \(/],
    ['no port', ['--cmd', './server'], /^shutdown-check: --cmd needs its port: --port <n> where it listens, or --port-env <NAME>/],
    ['the virtual clock', ['--cmd', './server', '--port-env', 'PORT', '--clock', 'virtual'], /^shutdown-check: --clock virtual needs the agent inside a Node target; a --cmd target runs under the real clock/],
    ['both --target and --cmd', ['--cmd', './server', '--target', 'x.js'], /^shutdown-check: --target and --cmd both name the server/],
    ['a bad port', ['--cmd', './server', '--port', '70000'], /^shutdown-check: --port 70000 is not a TCP port/],
    ['a bad port variable', ['--cmd', './server', '--port-env', 'MY-PORT'], /^shutdown-check: --port-env MY-PORT is not an environment variable name/],
    ['a fixed port with concurrency', ['--cmd', './server', '--port', '8080', '--concurrency', '2'], /^shutdown-check: --port 8080 gives every run the same port/],
    ['--port without --cmd', ['--target', 'x.js', '--port', '8080'], /^shutdown-check: --port goes with --cmd/],
  ])('%s: one line, exit 2', (_name, args, message) => {
    const result = runCli(args, { timeoutMs: 30_000 });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});
