import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectUsageError, runCli, tempDir } from '../support/cli.js';
import { scenarioPath, survivors, uniqueCopy } from '../support/processes.js';

/**
 * `--proxy nginx` checks what it needs before it starts anything: nginx itself (here pointed at a
 * binary that does not exist, as on a machine without the package), the real clock, and a known proxy.
 * Each refusal is one line, exit status 2, and no process of the run is left: the target never
 * started (nothing names its unique folder).
 */
describe('--proxy nginx, given what it cannot run with', () => {
  it.each<[string, string[], NodeJS.ProcessEnv, RegExp]>([
    ['nginx is not installed', ['--proxy', 'nginx'], { SHUTDOWN_CHECK_NGINX: '/nonexistent/nginx' }, /^shutdown-check: --proxy nginx needs nginx, which is not installed .*apt-get install nginx/],
    ['the virtual clock is asked for', ['--proxy', 'nginx', '--clock', 'virtual'], {}, /^shutdown-check: --proxy nginx needs the real clock: nginx's timers .*give --clock real\)$/m],
    ['another proxy is named', ['--proxy', 'haproxy'], {}, /^shutdown-check: .*--proxy.*nginx/],
    ['a drain delay comes without a proxy', ['--proxy-drain-delay', '1s'], {}, /^shutdown-check: --proxy-drain-delay goes with --proxy nginx/],
  ])('refuses when %s', async (_why, args, env, message) => {
    const target = uniqueCopy(scenarioPath('close-only.js'));
    const result = runCli(['--target', target, '--runs', '1', '--out', tempDir(), ...args], { env });
    expectUsageError(result, message);
    expect(await survivors(path.dirname(target), 5_000)).toEqual([]);
  }, 120_000);
});
