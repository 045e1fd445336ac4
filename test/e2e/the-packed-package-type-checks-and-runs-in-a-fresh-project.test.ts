import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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

const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };

// A user's project, outside this repository: the package as `npm pack` makes it (from the dist/ the
// global setup built), installed from the tarball beside vitest, TypeScript and @fast-check/vitest from
// the registry. Two suites: the README's, with its imports, and one whose matcher is registered in
// vitest.config.ts's setupFiles, so that only the main entry's declarations can give it its type.
describe('a fresh project that depends on the packed package', { timeout: LONG }, () => {
  it('type-checks under strict settings, runs both suites, and runs npx shutdown-check --version', () => {
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
    copyFileSync(fixturePath('packed-consumer/matcher-from-setup-files-suite.ts'), path.join(project, 'test', 'setup-files.test.ts'));
    copyFileSync(fixturePath('packed-consumer/tsconfig.json'), path.join(project, 'tsconfig.json'));
    copyFileSync(fixturePath('packed-consumer/vitest.config.ts'), path.join(project, 'vitest.config.ts'));
    copyFileSync(scenarioPath('reference.js'), path.join(project, 'server.js'));

    const typed = run('npx', ['--no-install', 'tsc', '--noEmit', '-p', '.'], { cwd: project });
    expect(typed.output).not.toMatch(/error TS/);
    expect(typed.status, typed.output).toBe(0);
    const tested = run('npx', ['--no-install', 'vitest', 'run'], { cwd: project });
    expect(tested.output).toMatch(/Tests\s+3 passed/);
    expect(tested.status, tested.output).toBe(0);
    const printed = run('npx', ['--no-install', 'shutdown-check', '--version'], { cwd: project });
    expect(printed.status, printed.output).toBe(0);
    expect(printed.output.trim()).toBe(version);
  });
});
