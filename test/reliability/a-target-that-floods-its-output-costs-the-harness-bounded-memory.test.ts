import { describe, expect, it } from 'vitest';
import { besidesProgress, LONG, runOnCopy } from '../support/cli.js';
import { survivors } from '../support/processes.js';

/**
 * floods-output.js writes log lines to stdout and one line that never ends to stderr, as fast as the
 * harness reads them: FLOOD_MB megabytes to each before it listens (so the harness must take in that
 * much, however fast the machine), and more on every turn of its event loop until it exits.
 *
 * The harness runs with a 64 MB heap: keeping the flood, or the line that never ends, would run it
 * out of memory (a 128 MB line does not fit). A start-up timeout far above any machine's load lets the
 * flood through however slowly it goes.
 */
const HEAP = ['--max-old-space-size=64'];
const FIXTURE = 'reliability/floods-output.js';

describe('a target that floods stdout and stderr without end', () => {
  it('gets its verdict from a harness whose memory the flood does not grow', async () => {
    const run = runOnCopy(FIXTURE, ['--runs', '3', '--clients', 'late', '--startup-timeout', '300s', '--reporter', 'pretty'], {
      env: { FLOOD_MB: '128' },
      nodeArgs: HEAP,
      timeoutMs: 600_000,
    });
    expect(besidesProgress(run.stderr)).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/verdict: pass/);
    // The target's output is the target's: none of it reaches the harness's own.
    expect(run.stdout).not.toMatch(/xxxx|yyyy/);
    expect(await survivors(run.target)).toEqual([]);
  }, LONG);

  it('is shown as a bounded tail when the target then fails to start', async () => {
    const run = runOnCopy(FIXTURE, ['--startup-timeout', '300s'], {
      env: { FLOOD_MB: '16', FLOOD_THEN: 'crash' },
      nodeArgs: HEAP,
      timeoutMs: 600_000,
    });
    expect(run.status).toBe(3);
    const [first, ...tail] = run.stderr.trimEnd().split('\n');
    expect(first).toMatch(/crashed during start-up \(Error: flooded, then failed to start\) and exited with code 1/);
    // The line that never ended keeps its start and counts the rest; the stack trace follows it.
    expect(tail).toContainEqual(expect.stringMatching(/^ {2}\| y{1000} … \(\d+ more characters\)/));
    expect(tail).toContainEqual(expect.stringMatching(/^ {2}\| Error: flooded, then failed to start$/));
    expect(tail.length).toBeLessThanOrEqual(11);
    expect(await survivors(run.target)).toEqual([]);
  }, LONG);
});
