import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectUsageError, runCli, tempDir } from '../support/cli.js';
import { fixturePath, scenarioPath, survivors, uniqueCopy } from '../support/processes.js';

/**
 * `--proxy nginx` checks what it needs before it starts anything: nginx itself (here pointed at a
 * binary that does not exist, as on a machine without the package), the real clock, a known proxy, and
 * a target that speaks HTTP (found by the probe, whose target is then gone). Each refusal is one line,
 * exit status 2, and no process of the run is left (nothing names the target's unique folder).
 */
describe('--proxy nginx, given what it cannot run with', () => {
  it.each<[string, string[], NodeJS.ProcessEnv, RegExp, string?]>([
    ['nginx is not installed', ['--proxy', 'nginx'], { SHUTDOWN_CHECK_NGINX: '/nonexistent/nginx' }, /^shutdown-check: --proxy nginx needs nginx, which is not installed .*apt-get install nginx/],
    ['the virtual clock is asked for', ['--proxy', 'nginx', '--clock', 'virtual'], {}, /^shutdown-check: --proxy nginx needs the real clock: nginx's timers .*give --clock real\)$/m],
    ['another proxy is named', ['--proxy', 'haproxy'], {}, /^shutdown-check: .*--proxy.*nginx/],
    ['a drain delay comes without a proxy', ['--proxy-drain-delay', '1s'], {}, /^shutdown-check: --proxy-drain-delay goes with --proxy nginx/],
    ['the target speaks raw TCP', ['--proxy', 'nginx'], {}, /^shutdown-check: --proxy nginx is an HTTP proxy, and .*echo-server\.js does not speak HTTP/, fixturePath('echo-server.js')],
  ])('refuses when %s', async (_why, args, env, message, server = scenarioPath('close-only.js')) => {
    const target = uniqueCopy(server);
    const result = runCli(['--target', target, '--runs', '1', '--out', tempDir(), ...args], { env });
    expectUsageError(result, message);
    expect(await survivors(path.dirname(target), 5_000)).toEqual([]);
  }, 120_000);
});
