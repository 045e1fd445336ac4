// The pretty report is coloured where colour is wanted (a terminal, or FORCE_COLOR) and nowhere else:
// not in a pipe, not with NO_COLOR, not with --no-color.
import { describe, expect, it } from 'vitest';
import { LONG, runCli, tempDir } from '../support/cli.js';

const SEARCH = ['--target', 'scenarios/exit-at-once.js', '--runs', '2', '--seed', '1', '--shrink-runs', '0'];
const RED_FAIL = '\u001b[31mFAIL';

describe('the pretty report of a failing search', () => {
  it('is coloured with FORCE_COLOR=1 though stdout is a pipe: FAIL in red', () => {
    const result = runCli([...SEARCH, '--out', tempDir()], { env: { FORCE_COLOR: '1' } });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(RED_FAIL);
  }, LONG);

  it('has no escape at all in a pipe, with NO_COLOR=1, or with --no-color over FORCE_COLOR', () => {
    for (const [args, env] of [
      [[], {}],
      [[], { NO_COLOR: '1' }],
      [['--no-color'], { FORCE_COLOR: '1' }],
    ] as const) {
      const result = runCli([...SEARCH, ...args, '--out', tempDir()], { env });
      expect(result.status).toBe(1);
      expect(result.stdout).toMatch(/^FAIL /m);
      expect(result.stdout).not.toContain('\u001b');
    }
  }, LONG);
});
