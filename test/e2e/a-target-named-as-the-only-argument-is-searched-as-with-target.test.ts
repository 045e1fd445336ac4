/**
 * `shutdown-check server.js` (and `run server.js`, `load server.js`) searches that file as `--target
 * server.js` does: the argument is the target, and the report names it.
 */
import { describe, expect, it } from 'vitest';
import { LONG, PATIENT_STARTUP_MS, readReport, runCli, tempDir } from '../support/cli.js';
import { scenarioPath } from '../support/processes.js';

const target = scenarioPath('reference.js');
const patience = ['--startup-timeout', `${PATIENT_STARTUP_MS}ms`];

describe('a target given as the only argument', () => {
  it.each([
    ['shutdown-check <file>', [target]],
    ['shutdown-check run <file>', ['run', target]],
  ])('is searched by %s, as with --target', { timeout: LONG }, (_name, words) => {
    const out = tempDir();
    const result = runCli([...words, '--runs', '2', '--seed', '4', ...patience, '--out', out]);
    expect(result.stderr).not.toMatch(/shutdown-check: /);
    expect(result.status).toBe(0);
    const report = readReport(out);
    expect(report.target).toBe(target);
    expect([report.numRuns, report.seed]).toEqual([2, 4]);
    expect(report.invariants.length).toBeGreaterThan(0);
  });

  it('is loaded by shutdown-check load <file>', { timeout: LONG }, () => {
    const out = tempDir();
    const result = runCli(['load', target, '--duration', '1s', '--connections', '4', '--rate', '40', ...patience, '--reporter', 'json', '--out', out]);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ target, verdict: 'pass' });
  });
});
