/**
 * `--path` replays a counterexample from its seed, wherever the seed is given: `--seed`, or `seed` in
 * the config file, as for any search (flag > config). Only when no seed is known at all is it refused,
 * with one line and exit status 2, before any target starts. The replay commands printed with the
 * failures still run as printed.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/report.js';
import { besidesProgress, expectUsageError, LONG, readReport, runCli, tempDir } from '../support/cli.js';
import { scenarioPath } from '../support/processes.js';

const target = scenarioPath('exit-at-once.js');

/** A folder holding `config` as its shutdown-check.config.json. */
function withConfig(config: object): string {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'shutdown-check.config.json'), JSON.stringify(config));
  return dir;
}

/** The words of a printed replay command, after `npx shutdown-check`, unquoted. */
function wordsOf(command: string | null | undefined): string[] {
  return (command ?? '').split(' ').slice(2).map((w) => w.replace(/^'|'$/g, ''));
}

type Counterexample = NonNullable<Report['counterexample']>;

/** The flags that walk to a counterexample without its seed: --path, and --focus when it has focus times. */
function pathArgs(found: Counterexample): string[] {
  return ['--path', found.path, ...(found.focus.length > 0 ? ['--focus', found.focus.map((ms) => `${ms}ms`).join(',')] : [])];
}

describe('--path', { timeout: LONG }, () => {
  // One search whose failure the replays below walk back to.
  const searched = tempDir();
  let report: Report;
  let found: Counterexample;
  beforeAll(() => {
    const search = runCli(['--target', target, '--runs', '20', '--seed', '5', '--out', searched]);
    expect(besidesProgress(search.stderr)).toBe('');
    expect(search.status).toBe(1);
    report = readReport(searched);
    found = report.counterexample as Counterexample;
    expect(found.seed).toBe(5);
  }, LONG);

  it('takes its seed from the config file when --seed is not given, and replays the failure', () => {
    const dir = withConfig({ seed: found.seed });
    const replayed = runCli(['--target', target, ...pathArgs(found), '--out', 'out'], { cwd: dir });
    expect(besidesProgress(replayed.stderr)).toBe('');
    expect(replayed.status).toBe(1);
    const again = readReport(path.join(dir, 'out'));
    expect(again.counterexample?.historyHash).toBe(found.historyHash);

    // The replay prints its own replay command, with the seed it took from the file: it runs as printed,
    // anywhere, with no config file.
    expect(again.replay).toContain(` --seed ${found.seed} `);
    const elsewhere = tempDir();
    const printed = runCli([...wordsOf(again.replay), '--out', elsewhere]);
    expect(besidesProgress(printed.stderr)).toBe('');
    expect(printed.status).toBe(1);
    expect(readReport(elsewhere).counterexample?.historyHash).toBe(found.historyHash);
  });

  it('takes --seed over the config file\'s seed', () => {
    const dir = withConfig({ seed: found.seed + 1 });
    const replayed = runCli(['--target', target, '--seed', String(found.seed), ...pathArgs(found), '--out', 'out'], { cwd: dir });
    expect(replayed.status, replayed.stderr).toBe(1);
    expect(readReport(path.join(dir, 'out')).counterexample?.historyHash).toBe(found.historyHash);
  });

  it('replayed by `replay <report.json>` and by the printed command reproduces the failure', () => {
    // replay takes no flags: it writes where the search's settings say, reports/ in its folder.
    const viaReplay = tempDir();
    const replayed = runCli(['replay', path.join(searched, 'report.json')], { cwd: viaReplay });
    expect(replayed.status, replayed.stderr).toBe(1);
    expect(readReport(path.join(viaReplay, 'reports')).counterexample?.historyHash).toBe(found.historyHash);
    const viaCommand = tempDir();
    const printed = runCli([...wordsOf(report.replay), '--out', viaCommand]);
    expect(printed.status, printed.stderr).toBe(1);
    expect(readReport(viaCommand).counterexample?.historyHash).toBe(found.historyHash);
  });

  it.each<[string, object | null]>([
    ['no config file', null],
    ['a config file without a seed', { grace: '20s' }],
  ])('with no seed known (%s) is one line and exit status 2', (_name, config) => {
    const dir = config === null ? tempDir() : withConfig(config);
    const result = runCli(['--target', target, '--path', '1:2'], { cwd: dir, timeoutMs: 60_000 });
    expectUsageError(result, /^shutdown-check: --path 1:2 replays a failure only with the seed it was printed with; give --seed <n> \(or seed in the config file\)\n$/);
    expect(result.stdout).toBe('');
  });
});
