import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LoadSummary } from '../../src/load/summary.js';
import { runCli, tempDir } from '../support/cli.js';
import { fixturePath, survivors, uniqueCopy } from '../support/processes.js';

describe('load against a target that dies before the signal', () => {
  it('cannot judge the run: exit 3, the reason and the last lines of its stderr, no process left', async () => {
    const target = uniqueCopy(fixturePath('crashes-under-load.js'));
    const out = tempDir();
    const result = runCli(['load', '--target', target, '--connections', '50', '--rate', '200', '--duration', '2s', '--out', out], {
      timeoutMs: 120_000,
    });
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/^shutdown-check: could not judge the run: the target exited with code 1 (while the connections were being opened|under load, before the signal)$/m);
    expect(result.stderr).toContain('| Error: boom at request 30');
    const summary = JSON.parse(readFileSync(path.join(out, 'load.json'), 'utf8')) as LoadSummary;
    expect(summary.verdict).toBe('error');
    expect(summary.shutdown.signalAtMs).toBeNull();
    expect(summary.invariants.find((r) => r.id === 'clean-exit')).toMatchObject({ verdict: 'violated', text: 'uncaught exception: Error: boom at request 30' });
    expect(await survivors(target)).toEqual([]);
  });
});
