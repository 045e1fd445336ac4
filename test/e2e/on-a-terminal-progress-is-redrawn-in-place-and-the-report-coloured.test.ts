// On a terminal the progress line is redrawn in place (a carriage return, then the line, then an
// erase to its end) and the report is coloured. `script` (util-linux, in every Debian) runs the
// command line on a pseudo-terminal, as a user's shell does. CI is set, as on CI machines, where node's
// own colour check (getColorDepth) answers "no colour" even on a terminal.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { LONG, tempDir } from '../support/cli.js';
import { CLI, ROOT } from '../support/processes.js';

describe('a failing search on a terminal', () => {
  it('redraws its progress line in place and colours FAIL red', () => {
    const line = `'${process.execPath}' '${CLI}' --target scenarios/exit-at-once.js --runs 3 --seed 1 --shrink-runs 2 --out '${tempDir()}'`;
    const env = { ...process.env, GITHUB_ACTIONS: undefined, FORCE_COLOR: undefined, NO_COLOR: undefined, CI: 'true', TERM: 'xterm' };
    const result = spawnSync('script', ['-qec', line, '/dev/null'], { cwd: ROOT, encoding: 'utf8', timeout: 300_000, env });
    expect(result.status).toBe(1);
    const ERASE = '\u001b[K';
    const redrawn = result.stdout.split('\r[').filter((part) => {
      const line = part.split('\r')[0] ?? '';
      return /^[#-]+\] /.test(line) && line.endsWith(ERASE) && !line.includes('\n');
    });
    expect(redrawn.length).toBeGreaterThan(1);
    expect(result.stdout).toContain('\u001b[31mFAIL');
  }, LONG);
});
