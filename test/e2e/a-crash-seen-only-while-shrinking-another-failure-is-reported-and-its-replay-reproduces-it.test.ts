import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkShutdown } from '../../src/api/check-shutdown.js';
import { judgeShutdown } from '../../src/api/shutdown-matcher.js';
import type { Report } from '../../src/report/report.js';
import { LONG, readReport, runCli, tempDir } from '../support/cli.js';
import { fixturePath, STARTUP_TIMEOUT_MS } from '../support/processes.js';

/**
 * empty-stats-at-exit.js cuts whatever is in flight at SIGTERM, and crashes (exit code 1) when the
 * signal comes before it has answered any request. Seed 2's one search run answers a request before
 * the signal and cuts another: in-flight-complete is violated and clean-exit holds in it. The smaller
 * scenarios the shrinking of in-flight-complete tries include one where nothing was answered yet: the
 * crash is seen only there.
 */
const TARGET = fixturePath('empty-stats-at-exit.js');
const SEARCH = ['--target', TARGET, '--clients', 'slow', '--runs', '1', '--seed', '2', '--startup-timeout', `${STARTUP_TIMEOUT_MS}ms`];

const byId = (report: Report, id: string) => report.invariants.find((i) => i.id === id);

describe('a violation seen only in a run made while shrinking another invariant', { timeout: LONG }, () => {
  it('is reported violated, said to be found while shrinking, fails the run, and its printed replay gives the same crash and history', () => {
    const out = tempDir();
    const result = runCli([...SEARCH, '--out', out]);
    expect(result.status).toBe(1);
    const report = readReport(out);
    expect(report.verdict).toBe('fail');

    // The search run found in-flight-complete itself.
    const inFlight = byId(report, 'in-flight-complete');
    expect(inFlight?.verdict).toBe('violated');
    expect(inFlight?.counterexample).not.toHaveProperty('foundWhileShrinking');

    // The crash: before, the report said clean-exit holds.
    const cleanExit = byId(report, 'clean-exit');
    expect(cleanExit?.verdict).toBe('violated');
    expect(cleanExit?.evidence.map((e) => e.message).join('\n')).toContain('Reduce of empty array with no initial value');
    const ce = cleanExit?.counterexample;
    expect(ce?.foundWhileShrinking).toBe('in-flight-complete');
    if (!ce) return;
    expect(result.stdout).toContain('· found while shrinking in-flight-complete');
    expect(result.stdout).toContain("(found while shrinking in-flight-complete: no search run violated clean-exit; a run made while shrinking in-flight-complete's counterexample did)");
    expect(result.stdout).toContain(`  ${ce.replay}`);

    // The printed command, run as printed (with our own --out), crashes the same way, with the same history.
    const words = ce.replay.split(' ').slice(2).map((w) => w.replace(/^'|'$/g, ''));
    const out2 = tempDir();
    const replayed = runCli([...words, '--startup-timeout', `${STARTUP_TIMEOUT_MS}ms`, '--out', out2]);
    expect(replayed.status).toBe(1);
    const again = readReport(out2);
    expect(byId(again, 'clean-exit')?.verdict).toBe('violated');
    expect(byId(again, 'clean-exit')?.counterexample?.historyHash).toBe(ce.historyHash);

    // And `replay <report.json> clean-exit` does the same from the file.
    const named = runCli(['replay', path.join(out, 'report.json'), 'clean-exit', '--startup-timeout', `${STARTUP_TIMEOUT_MS}ms`], { cwd: tempDir() });
    expect(named.status).toBe(1);
    expect(named.stdout).toContain(ce.historyHash);

    // One seed, one report: the same search again gives the same verdicts, paths and histories.
    const out3 = tempDir();
    runCli([...SEARCH, '--out', out3]);
    const twice = readReport(out3);
    const digest = (r: Report) => r.invariants.map((i) => [i.id, i.verdict, i.counterexample?.path, i.counterexample?.historyHash, i.counterexample?.foundWhileShrinking]);
    expect(digest(twice)).toEqual(digest(report));
  });

  it('is reported the same by the library, and the matcher\'s message says where it was found', async () => {
    const out = tempDir();
    runCli([...SEARCH, '--out', out]);
    const fromCli = readReport(out);
    const report = await checkShutdown({ target: TARGET, clients: ['slow'], runs: 1, seed: 2, startupTimeout: STARTUP_TIMEOUT_MS });
    expect(report.verdict).toBe('fail');
    const cleanExit = byId(report, 'clean-exit');
    expect(cleanExit?.verdict).toBe('violated');
    expect(cleanExit?.counterexample?.foundWhileShrinking).toBe('in-flight-complete');
    expect(cleanExit?.counterexample?.path).toBe(byId(fromCli, 'clean-exit')?.counterexample?.path);
    expect(cleanExit?.counterexample?.historyHash).toBe(byId(fromCli, 'clean-exit')?.counterexample?.historyHash);
    const judged = judgeShutdown(report);
    expect(judged.pass).toBe(false);
    expect(judged.message).toContain('found while shrinking in-flight-complete: no search run violated clean-exit');
  });
});
