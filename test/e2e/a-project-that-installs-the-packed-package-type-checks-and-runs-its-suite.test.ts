import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LONG, tempDir } from '../support/cli.js';
import { fixturePath, ROOT, scenarioPath } from '../support/processes.js';

/** Runs a command in the consumer project; its output is given back for the assertion's message. */
function run(command: string, args: string[], options: SpawnSyncOptions & { cwd: string }) {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: LONG, ...options });
  // eslint-disable-next-line no-control-regex -- the colours vitest prints, removed before reading its summary
  const output = `${String(result.stdout)}${String(result.stderr)}`.replace(/\u001b\[[0-9;]*m/g, '');
  return { status: result.status, output };
}

// A user's project, outside this repository: the package as `npm pack` makes it, installed from the
// tarball beside vitest, TypeScript and @fast-check/vitest from the registry; the README's suite
// type-checks under strict settings and runs, and `npx shutdown-check` works there.
describe('a fresh project that depends on the packed package', { timeout: LONG }, () => {
  it('type-checks and runs the README\'s vitest suite, and runs npx shutdown-check --version', () => {
    const project = tempDir();
    const packed = run('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', project], { cwd: ROOT });
    expect(packed.status, packed.output).toBe(0);
    const tarball = readdirSync(project).find((f) => f.endsWith('.tgz')) ?? 'missing.tgz';
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    const deps = [`./${tarball}`, 'vitest@~4.1', 'typescript@~5.9', '@fast-check/vitest@^0.5', 'fast-check@^4', '@types/node@^20', 'ws@^8'];
    const installed = run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...deps], { cwd: project });
    expect(installed.status, installed.output).toBe(0);

    mkdirSync(path.join(project, 'test'));
    copyFileSync(fixturePath('packed-consumer/consumer-suite.ts'), path.join(project, 'test', 'shutdown.test.ts'));
    copyFileSync(fixturePath('packed-consumer/tsconfig.json'), path.join(project, 'tsconfig.json'));
    copyFileSync(scenarioPath('reference.js'), path.join(project, 'server.js'));

    const bin = (name: string): string => path.join(project, 'node_modules', '.bin', name);
    const typed = run(bin('tsc'), ['-p', '.'], { cwd: project });
    expect(typed.status, typed.output).toBe(0);
    const tested = run(bin('vitest'), ['run'], { cwd: project });
    expect(tested.output).toMatch(/Tests\s+2 passed/);
    expect(tested.status, tested.output).toBe(0);
    const version = run('npx', ['--no-install', 'shutdown-check', '--version'], { cwd: project });
    expect(version.status, version.output).toBe(0);
    expect(version.output.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
