// A server in another language, started with --cmd: no agent inside, the real clock, the port given in
// $PORT. The harness must catch the broken mode, pass the graceful one, drive a raw TCP service, and
// replay a failure with the command it prints.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/report.js';
import { runCli, tempDir } from '../support/cli.js';
import { fixturePath, survivors, uniqueCopy } from '../support/processes.js';

const config = fixturePath('python/shutdown-check.config.json');
/** A short grace period keeps the slow requests (up to 1.5 × grace) and so the test short. */
const quick = ['--grace', '2s', '--time-scale', '0.25'];
/** These tests are about verdicts, not start-up time: a loaded machine has taken over 10 s to start one. */
const SLOW_START = ['--startup-timeout', '60s'];
/** Shrinking under the real clock runs each smaller failing scenario twice: minutes on a busy machine. */
const SHRINKING_MS = 600_000;

function report(out: string): Report {
  return JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as Report;
}

function verdictOf(r: Report, id: string): string | undefined {
  return r.invariants.find((i) => i.id === id)?.verdict;
}

/** The words of a printed replay command, without `npx shutdown-check`, unquoted as a shell would. */
function replayArgs(command: string): string[] {
  const words = [...command.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)].map((m) => m[1]?.replace(/'\\''/g, "'") ?? m[2] ?? '');
  expect(words.slice(0, 2)).toEqual(['npx', 'shutdown-check']);
  return words.slice(2);
}

describe('a Python HTTP server run with --cmd', () => {
  it('broken mode (exits at once on SIGTERM) is caught: exit 1, in-flight-complete, and the replay reproduces it', async () => {
    const server = uniqueCopy(fixturePath('python/server.py'));
    const out = tempDir();
    const cmd = `python3 ${server} --mode broken`;
    const args = ['--cmd', cmd, '--port-env', 'PORT', '--config', config, '--clients', 'slow', ...SLOW_START];
    // A few shrink attempts: under the real clock each runs twice, and this test is about the replay.
    const result = runCli([...args, '--runs', '20', '--shrink-runs', '10', ...quick, '--seed', '7', '--reporter', 'json', '--out', out]);
    expect(result.status).toBe(1);
    const found = report(out);
    expect(found.target).toBe(cmd);
    expect(found.clock).toBe('real');
    expect(verdictOf(found, 'in-flight-complete')).toBe('violated');
    expect(found.replay).toContain(`--cmd '${cmd}' --port-env PORT`);
    // The target's own output of the failing run travels with it.
    expect(found.counterexample?.output?.stdout).toContainEqual(expect.stringMatching(/^listening on 127\.0\.0\.1:\d+$/));

    const again = tempDir();
    const replayed = runCli([...replayArgs(found.replay ?? ''), '--reporter', 'json', '--out', again]);
    expect(replayed.status).toBe(1);
    expect(verdictOf(report(again), 'in-flight-complete')).toBe('violated');
    expect(await survivors(server)).toEqual([]);
  }, SHRINKING_MS);

  it('graceful mode passes: exit 0, every invariant that applies holds', async () => {
    const server = uniqueCopy(fixturePath('python/server.py'));
    const out = tempDir();
    const args = ['--cmd', `python3 ${server} --mode graceful`, '--port-env', 'PORT', '--config', config, ...SLOW_START];
    // Unscaled: the server exits by 90 % of a 3 s grace period, 300 ms before the SIGKILL. At x0.25 the
    // margin is 50 ms, which a starved machine's scheduling delay can eat, and a pass must not rest on it.
    const result = runCli([...args, '--runs', '10', '--grace', '3s', '--seed', '11', '--reporter', 'json', '--out', out]);
    const passed = report(out);
    expect(passed.verdict, JSON.stringify(passed.invariants)).toBe('pass');
    expect(result.status).toBe(0);
    // Without routes the agent would inject, slow and stream come from the config's routes.
    expect(passed.settings.clients).toEqual(['keep-alive', 'slow', 'stream', 'silent', 'late']);
    expect(await survivors(server)).toEqual([]);
  });
});

describe('a Python raw TCP echo server run with --cmd', () => {
  it('is found to speak raw TCP, gets raw and silent clients, and passes', async () => {
    const server = uniqueCopy(fixturePath('python/echo.py'));
    const out = tempDir();
    const result = runCli([
      '--cmd', `python3 ${server}`, '--port-env', 'PORT', '--runs', '15', ...quick, ...SLOW_START, '--seed', '3',
      '--reporter', 'json', '--out', out,
    ]);
    const passed = report(out);
    expect(passed.settings.clients).toEqual(['raw', 'silent']);
    expect(passed.verdict, JSON.stringify(passed.invariants)).toBe('pass');
    expect(result.status).toBe(0);
    expect(await survivors(server)).toEqual([]);
  });
});
