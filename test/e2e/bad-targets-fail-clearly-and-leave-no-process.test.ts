import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, fixturePath, survivors, uniqueCopy } from '../support/processes.js';

function runCli(args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000 });
}

describe('a target that cannot be brought up', () => {
  it('missing file: says so, exits 3', async () => {
    const missing = path.join(path.dirname(uniqueCopy(fixturePath('never-listens.js'))), 'server-that-is-not-here.js');
    const result = runCli(['--target', missing]);
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/^shutdown-check: target .*server-that-is-not-here\.js not found .*pass --target/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(await survivors(missing)).toEqual([]);
  });

  it('throws during start-up: names the exception, shows its stderr, exits 3, leaves no process', async () => {
    const target = uniqueCopy(fixturePath('throws-on-start.js'));
    const result = runCli(['--target', target]);
    expect(result.status).toBe(3);
    const [first, ...rest] = result.stderr.split('\n');
    expect(first).toMatch(/crashed during start-up \(Error: database URL is not set\) and exited with code 1/);
    expect(rest.join('\n')).toMatch(/\| Error: database URL is not set/);
    expect(await survivors(target)).toEqual([]);
  });

  it('exits before listening: says it must keep running, exits 3, leaves no process', async () => {
    const target = uniqueCopy(fixturePath('exits-before-listening.js'));
    const result = runCli(['--target', target]);
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/exited with code 0 before it listened on a port; it must start a server/);
    expect(await survivors(target)).toEqual([]);
  });

  it('never listens: gives up after the start-up timeout, exits 3, kills it', async () => {
    const target = uniqueCopy(fixturePath('never-listens.js'));
    const result = runCli(['--target', target, '--startup-timeout', '1500ms']);
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/did not listen on a port within 1500 ms; check that it calls listen\(\), or raise --startup-timeout/);
    expect(await survivors(target)).toEqual([]);
  });
});
