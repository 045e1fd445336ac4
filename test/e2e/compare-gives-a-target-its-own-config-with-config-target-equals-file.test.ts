/**
 * `compare a.js b.js --config shared.json --config b.js=b.json`: b.js is searched with its own config
 * in place of the shared one, a.js with the shared one; runs and seed stay the comparison's. A target's
 * config that cannot be used is one line, exit status 2, before any target starts.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Comparison } from '../../src/report/compare.js';
import { expectUsageError, LONG, readReport, runCli, tempDir } from '../support/cli.js';
import { fixturePath, scenarioPath } from '../support/processes.js';

const reference = scenarioPath('reference.js');
const ignoring = scenarioPath('ignore-signal.js');

/** Writes each config file into a fresh folder and returns the folder. */
function configs(files: Record<string, object | string>): string {
  const dir = tempDir();
  for (const [name, value] of Object.entries(files)) writeFileSync(path.join(dir, name), typeof value === 'string' ? value : JSON.stringify(value));
  return dir;
}

describe('compare with a config per target', () => {
  it('searches the target named with its own config, and the others with the shared one', { timeout: LONG }, () => {
    const dir = configs({ 'shared.json': { grace: '20s', maxLatency: '1s', runs: 2 }, 'ignoring.json': { grace: '3s', maxLatency: '1s' } });
    const out = tempDir();
    const args = ['compare', reference, ignoring, '--config', 'shared.json', '--config', `${ignoring}=ignoring.json`, '--seed', '1', '--out', out];
    const result = runCli(args, { cwd: dir });
    expect(result.status).toBe(1);
    expect(readReport(path.join(out, 'reference')).settings).toMatchObject({ graceMs: 20_000, config: 'shared.json' });
    expect(readReport(path.join(out, 'ignore-signal')).settings).toMatchObject({ graceMs: 3000, config: 'ignoring.json' });
    const comparison = JSON.parse(readFileSync(path.join(out, 'compare.json'), 'utf8')) as Comparison;
    // Runs and seed are the comparison's, from the flag and the shared config, for both targets.
    expect([comparison.numRuns, comparison.seed]).toEqual([2, 1]);
    expect(comparison.rows[1]?.cells.deadline?.story).toMatch(/the 3000 ms grace period/);
  });

  it.each<[string, Record<string, object | string>, (dir: string) => string[], RegExp]>([
    ['a target the comparison does not have', { 'own.json': { grace: '5s' } }, () => ['--config', 'elsewhere.js=own.json'], /^shutdown-check: --config elsewhere\.js=own\.json: elsewhere\.js is not a target of this comparison \(/],
    ['runs, which the comparison decides once', { 'own.json': { runs: 9 } }, () => ['--config', `${reference}=own.json`], /^shutdown-check: own\.json: runs is decided once for every target of a comparison; give it with --runs or in the shared config\n$/],
    ['its own folder for the files', { 'own.json': { out: 'elsewhere' } }, () => ['--config', `${reference}=own.json`], /^shutdown-check: own\.json: out is decided once for every target of a comparison; give it with --out or in the shared config\n$/],
    ['a duration without its unit', { 'own.json': { grace: 30 } }, () => ['--config', `${reference}=own.json`], /^shutdown-check: own\.json: grace 30 needs a unit: did you mean "30s"\?/],
    ['a misspelt key', { 'own.json': { graec: '30s' } }, () => ['--config', `${reference}=own.json`], /^shutdown-check: own\.json: unknown key "graec"; did you mean "grace"\?\n$/],
    ['a file that is not there', {}, () => ['--config', `${reference}=missing.json`], /^shutdown-check: missing\.json: no such file/],
    ['two configs for one target', { 'a.json': {}, 'b.json': {} }, () => ['--config', `${reference}=a.json`, '--config', `${reference}=b.json`], /^shutdown-check: --config gives .*reference\.js two config files \(a\.json and b\.json\); give one\n$/],
    ['two shared configs', { 'a.json': {}, 'b.json': {} }, () => ['--config', 'a.json', '--config', 'b.json'], /^shutdown-check: --config b\.json: a shared config is given already \(a\.json\)/],
  ])('refuses %s before any target starts', (_name, files, flags, message) => {
    const dir = configs(files);
    const log = path.join(dir, 'starts.log');
    // The target that logs goes first: a refusal that came only when the second target's turn came would find it started.
    const result = runCli(['compare', fixturePath('logs-its-starts.js'), reference, ...flags(dir), '--out', tempDir()], { cwd: dir, env: { STARTS_LOG: log }, timeoutMs: 60_000 });
    expectUsageError(result, message);
    expect(existsSync(log)).toBe(false);
  });

  it('is compare only: run refuses a second --config', () => {
    expectUsageError(runCli([reference, '--config', 'a.json', '--config', 'b.json'], { timeoutMs: 60_000 }), /^shutdown-check: --config is given 2 times \(a\.json, b\.json\); give one config file/);
  });
});
