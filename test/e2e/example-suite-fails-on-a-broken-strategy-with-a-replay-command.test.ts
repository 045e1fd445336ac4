import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { besidesProgress, LONG, tempDir } from '../support/cli.js';
import { CLI, ROOT } from '../support/processes.js';

const VITEST = path.join(ROOT, 'node_modules/vitest/vitest.mjs');

/** The environment of a vitest of its own: none of this run's worker variables, no colours. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(VITEST|TINYPOOL|FORCE_COLOR)/.test(key)));
  return { ...env, NO_COLOR: '1', ...extra };
}

/** The lines a failure message prints under `replay it with:`. */
function replayLines(output: string): string[] {
  return [...output.matchAll(/replay it with:\n\s*(npx shutdown-check .*)/g)].map((m) => m[1] ?? '');
}

/**
 * Runs a printed replay command through a shell, as a user pastes it, with `npx shutdown-check` meaning
 * this CLI and a report folder of its own.
 */
function runPrinted(command: string) {
  const line = `${command.replace(/^npx shutdown-check /, `'${process.execPath}' '${CLI}' `)} --out '${tempDir()}'`;
  return spawnSync('/bin/sh', ['-c', line], { cwd: ROOT, encoding: 'utf8', timeout: 600_000 });
}

describe('the example suite (test/example) against a strategy that exits at once', () => {
  it('fails both its tests, and each failure prints a replay command that reproduces it', () => {
    const child = spawnSync(process.execPath, [VITEST, 'run', '--config', 'test/example/vitest.config.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 600_000,
      env: childEnv({ EXAMPLE_SERVER: 'scenarios/exit-at-once.js' }),
    });
    const output = child.stdout + child.stderr;
    expect(child.status).toBe(1);
    expect(output).toMatch(/Tests\s+2 failed \(2\)/);

    const [single, ...search] = replayLines(output);
    // runScenario's failure: the one shrunk scenario, inline; checkShutdown's: each violated invariant's
    // own counterexample, by the search's seed and its path.
    expect(single).toMatch(/^npx shutdown-check --target scenarios\/exit-at-once\.js --scenario '\{"clients":/);
    expect(search.length).toBeGreaterThan(0);
    for (const command of search) {
      expect(command).toMatch(/^npx shutdown-check --target scenarios\/exit-at-once\.js .*--seed 1 --path [\d:]+( --focus \S+)?$/);
    }

    // Each command, run as printed, shows its invariant violated again and exits 1 when that scenario
    // violates an error (a warning alone exits 0), with the very history the failure message named.
    const hashes = [...output.matchAll(/history sha256 ([0-9a-f]{64})/g)].map((m) => m[1]);
    expect(hashes).toHaveLength(1 + search.length);
    const ids = [...output.matchAll(/^(\S+) — smallest failing scenario/gm)].map((m) => m[1] ?? '');
    expect(ids).toHaveLength(search.length);
    for (const [i, command] of [single, ...search].entries()) {
      const replayed = runPrinted(command ?? '');
      expect(besidesProgress(replayed.stderr)).toBe('');
      expect(replayed.status, command).toBe(/^verdict: fail$/m.test(replayed.stdout) ? 1 : 0);
      expect(replayed.stdout).toContain(`history sha256 ${hashes[i]}`);
      const id = i > 0 ? ids[i - 1] : undefined;
      if (id) expect(replayed.stdout).toMatch(new RegExp(`^(FAIL|warn) +${id} +violated`, 'm'));
    }
  }, LONG);
});
