/**
 * A config file gives any setting the command line gives, under its flag's name in camelCase and with
 * the same meaning — the target, the search, the reporters, the folder — and a flag beats it. A `.js`
 * or `.ts` config is typed with defineConfig; a `.ts` one loads with the project's tsx.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectUsageError, LONG, PATIENT_STARTUP_MS, readReport, runCli, tempDir } from '../support/cli.js';
import { fixturePath, ROOT, scenarioPath } from '../support/processes.js';

const target = scenarioPath('reference.js');

/** A folder holding only a config file that names everything, the target included. */
function folderWith(file: string, text: string): string {
  const dir = tempDir();
  writeFileSync(path.join(dir, file), text);
  return dir;
}

const everything = {
  target,
  runs: 2,
  seed: 5,
  grace: '12s',
  // Latencies kept well inside every grace period here, so that each search passes whatever the grace.
  maxLatency: '1s',
  reporter: ['json'],
  out: 'from-config',
  noColor: true,
  concurrency: 1,
  clock: 'virtual',
  startupTimeout: `${PATIENT_STARTUP_MS}ms`,
  shrinkRuns: 0,
  timeBudget: '10m',
};

describe('a config file', () => {
  it('runs the search it describes with no flag at all', { timeout: LONG }, () => {
    const dir = folderWith('shutdown-check.config.json', JSON.stringify(everything));
    const result = runCli([], { cwd: dir });
    expect(result.status).toBe(0);
    // reporter: ['json'] makes stdout one JSON document, and out: the folder report.json goes to.
    const printed = JSON.parse(result.stdout) as { numRuns: number; seed: number };
    expect([printed.numRuns, printed.seed]).toEqual([2, 5]);
    const report = readReport(path.join(dir, 'from-config'));
    expect(report).toMatchObject({ target, numRuns: 2, seed: 5, settings: { graceMs: 12_000, clock: 'virtual' } });
  });

  it('gives way to a flag', { timeout: LONG }, () => {
    const dir = folderWith('shutdown-check.config.json', JSON.stringify(everything));
    const out = tempDir();
    // FORCE_COLOR would colour the pretty text even into a pipe; the config's noColor: true wins over it, as --no-color does.
    const result = runCli(['--runs', '3', '--grace', '2s', '--reporter', 'pretty', '--out', out], { cwd: dir, env: { FORCE_COLOR: '1' } });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^report: /m);
    expect(result.stdout).not.toContain('\u001b[');
    expect(readReport(out)).toMatchObject({ numRuns: 3, seed: 5, settings: { graceMs: 2000 } });
    expect(existsSync(path.join(dir, 'from-config'))).toBe(false);
  });

  it('written in .mjs with defineConfig from the package', { timeout: LONG }, () => {
    const entry = JSON.stringify(path.join(ROOT, 'dist/index.js'));
    const text = `import { defineConfig } from ${entry};\nexport default defineConfig(${JSON.stringify({ ...everything, grace: '9s' })});\n`;
    const dir = folderWith('shutdown-check.config.mjs', text);
    const result = runCli([], { cwd: dir });
    expect(result.status).toBe(0);
    expect(readReport(path.join(dir, 'from-config'))).toMatchObject({ numRuns: 2, settings: { graceMs: 9000 } });
  });

  it('written in .ts loads with the tsx the project has', { timeout: LONG }, () => {
    const dir = fixturePath('config/typescript-define');
    const out = tempDir();
    const result = runCli([target, '--startup-timeout', `${PATIENT_STARTUP_MS}ms`, '--out', out], { cwd: dir });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ numRuns: 2, seed: 11 });
    expect(readReport(out)).toMatchObject({ settings: { graceMs: 7000 } });
  });

  it('written in .ts where the project has no tsx is one line saying what to install, before the target starts', () => {
    const dir = folderWith('shutdown-check.config.ts', "export default { grace: '1s' };\n");
    const log = path.join(dir, 'starts.log');
    const result = runCli([fixturePath('logs-its-starts.js')], { cwd: dir, env: { STARTS_LOG: log }, timeoutMs: 60_000 });
    expectUsageError(result, /^shutdown-check: shutdown-check\.config\.ts: a TypeScript config loads with tsx, which this project does not have: npm install --save-dev tsx \(or write it as \.js, \.mjs or \.json\)\n$/);
    expect(existsSync(log)).toBe(false);
  });

  it('of load mode names its target, its load and its reporters', { timeout: LONG }, () => {
    const config = { target, duration: '1s', connections: 4, rate: 40, reporter: ['json'], out: 'load-out', startupTimeout: `${PATIENT_STARTUP_MS}ms` };
    const dir = folderWith('shutdown-check.config.json', JSON.stringify(config));
    const result = runCli(['load'], { cwd: dir });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ target, verdict: 'pass' });
    expect(existsSync(path.join(dir, 'load-out', 'load.json'))).toBe(true);
  });

  it('of load mode naming a reporter load has not is one line', () => {
    const dir = folderWith('shutdown-check.config.json', JSON.stringify({ target, reporter: ['junit'] }));
    expectUsageError(runCli(['load'], { cwd: dir, timeoutMs: 60_000 }), /^shutdown-check: the config's reporter junit is not one load has \(pretty, json\); give load --reporter to choose its own\n$/);
  });
});
