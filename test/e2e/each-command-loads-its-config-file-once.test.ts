/**
 * Each command loads its config file once: the command line loads it before anything runs and hands
 * it to the library, which loads it no more. A config file may have effects (an `.mjs` whose function
 * reads the environment, logs, fetches a secret) and a second load could give another config than the
 * one checked first. Each config file here is a function that appends a line to a log of its own each
 * time it is evaluated, so the log counts the loads of the real command line.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/scenario/types.js';
import { LONG, readReport, runCli, tempDir } from '../support/cli.js';
import { ROOT, scenarioPath } from '../support/processes.js';

const reference = scenarioPath('reference.js');
const ignoring = scenarioPath('ignore-signal.js');

/** A config module that logs each evaluation of its function to `<name>.loads`, beside it. */
function countingConfig(dir: string, name: string, config: object): void {
  const log = JSON.stringify(`./${name}.loads`);
  writeFileSync(
    path.join(dir, name),
    [
      "import { appendFileSync } from 'node:fs';",
      `export default () => { appendFileSync(new URL(${log}, import.meta.url), 'loaded\\n'); return ${JSON.stringify(config)}; };`,
    ].join('\n'),
  );
}

/** How many times the config `name` in `dir` was evaluated. */
function loads(dir: string, name: string): number {
  const log = path.join(dir, `${name}.loads`);
  return existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0;
}

const FOUND = 'shutdown-check.config.mjs';

describe('the config file is loaded once', () => {
  it('by a search, and the search takes its settings from it', { timeout: LONG }, () => {
    const dir = tempDir();
    countingConfig(dir, FOUND, { runs: 2, seed: 3, grace: '20s' });
    const result = runCli([reference, '--out', 'out'], { cwd: dir });
    expect(result.status, result.stderr).toBe(0);
    expect(readReport(path.join(dir, 'out'))).toMatchObject({ seed: 3, numRuns: 2, settings: { graceMs: 20_000 } });
    expect(loads(dir, FOUND)).toBe(1);
  });

  it('by a run of one scenario', { timeout: LONG }, () => {
    const dir = tempDir();
    countingConfig(dir, FOUND, { grace: '20s' });
    const scenario: Scenario = { clients: [{ kind: 'stream', id: 'A', at: 0, chunks: 3, everyMs: 50, sse: false }], signal: 'SIGTERM', signalAt: 60, graceMs: 30_000, profile: 'immediate' };
    const result = runCli([reference, '--scenario', JSON.stringify(scenario)], { cwd: dir });
    expect(result.status, result.stderr).toBe(0);
    expect(loads(dir, FOUND)).toBe(1);
  });

  it('by compare, for every target, and a target\'s own config once too', { timeout: LONG }, () => {
    const dir = tempDir();
    countingConfig(dir, 'shared.mjs', { runs: 2, grace: '20s', maxLatency: '1s' });
    countingConfig(dir, 'own.mjs', { grace: '3s', maxLatency: '1s' });
    const args = ['compare', reference, ignoring, '--config', 'shared.mjs', '--config', `${ignoring}=own.mjs`, '--seed', '1', '--out', 'out'];
    const result = runCli(args, { cwd: dir });
    expect(result.status, result.stderr).toBe(1);
    // Each target was searched with the config meant for it.
    expect(readReport(path.join(dir, 'out', 'reference')).settings).toMatchObject({ graceMs: 20_000, config: 'shared.mjs' });
    expect(readReport(path.join(dir, 'out', 'ignore-signal')).settings).toMatchObject({ graceMs: 3000, config: 'own.mjs' });
    expect([loads(dir, 'shared.mjs'), loads(dir, 'own.mjs')]).toEqual([1, 1]);
  });

  it('by compare with one config for every target', { timeout: LONG }, () => {
    const dir = tempDir();
    countingConfig(dir, FOUND, { runs: 1, seed: 1 });
    const result = runCli(['compare', reference, ignoring, '--out', 'out'], { cwd: dir });
    expect([0, 1], result.stderr).toContain(result.status);
    for (const row of ['reference', 'ignore-signal']) expect(readReport(path.join(dir, 'out', row))).toMatchObject({ seed: 1, numRuns: 1 });
    expect(loads(dir, FOUND)).toBe(1);
  });

  it('by a load run, which takes its settings from it', { timeout: LONG }, () => {
    const dir = tempDir();
    countingConfig(dir, FOUND, { duration: '1s', connections: 2, rate: 20, mix: 'keep-alive=1' });
    const result = runCli(['load', reference, '--reporter', 'json'], { cwd: dir });
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ settings: { connections: 2, ratePerSec: 20, durationMs: 1000 } });
    expect(loads(dir, FOUND)).toBe(1);
  });
});

describe('the library, called without the command line,', () => {
  /** Runs `call` (an expression of the library `lib`) under Node in `cwd`, and prints what it resolves with. */
  function callInNode(cwd: string, call: string): unknown {
    const library = JSON.stringify(path.join(ROOT, 'dist/index.js'));
    const script = `const lib = await import(${library}); console.log(JSON.stringify(await ${call}));`;
    return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  }

  it('finds the config file itself, loads it once and takes its settings', { timeout: LONG }, () => {
    const dir = tempDir();
    countingConfig(dir, FOUND, { runs: 2, seed: 3, grace: '20s' });
    const report = callInNode(dir, `lib.checkShutdown({ target: ${JSON.stringify(reference)} })`);
    expect(report).toMatchObject({ verdict: 'pass', seed: 3, numRuns: 2, settings: { graceMs: 20_000 } });
    expect(loads(dir, FOUND)).toBe(1);
  });

  it('loads the config file a load run names, once', { timeout: LONG }, () => {
    const dir = tempDir();
    countingConfig(dir, 'load.mjs', { duration: '1s', connections: 2, rate: 20, mix: 'keep-alive=1' });
    const result = callInNode(dir, `lib.checkUnderLoad({ target: ${JSON.stringify(reference)}, config: 'load.mjs' })`);
    expect(result).toMatchObject({ kind: 'done', summary: { settings: { connections: 2, durationMs: 1000 } } });
    expect(loads(dir, 'load.mjs')).toBe(1);
  });
});
