import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LoadSummary } from '../../src/load/summary.js';
import { runCli, tempDir } from '../support/cli.js';
import { survivors, scenarioPath, uniqueCopy } from '../support/processes.js';

describe('load against a target that ignores the signal', () => {
  it('keeps the load on through the grace period, then SIGKILLs it and lays what that cut at the deadline', async () => {
    const target = uniqueCopy(scenarioPath('ignore-signal.js'));
    const out = tempDir();
    const args = ['load', '--target', target, '--connections', '30', '--rate', '200', '--duration', '2s', '--signal-at', '1s'];
    const result = runCli([...args, '--grace', '1500ms', '--startup-timeout', '60s', '--out', out], { timeoutMs: 120_000 });
    const summary = JSON.parse(readFileSync(path.join(out, 'load.json'), 'utf8')) as LoadSummary;
    expect(result.status).toBe(1);
    expect(summary.shutdown.killed).toBe(true);
    expect(summary.shutdown.exit).toEqual({ code: null, signal: 'SIGKILL' });
    // The load went on while the target ignored the signal: answers kept coming after it.
    const bucket = (ms: number) => Math.floor(ms / summary.throughput.bucketMs);
    const afterSignal = summary.throughput.answered.slice(bucket(1000) + 1, bucket(2400));
    expect(afterSignal.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    // The slow requests running at the kill were cut by it, and only deadline is blamed for them.
    expect(summary.faults.deadline).toBeGreaterThan(0);
    expect(summary.faults['in-flight-complete']).toBe(0);
    expect(summary.invariants.find((r) => r.id === 'deadline')).toMatchObject({ verdict: 'violated' });
    expect(summary.invariants.find((r) => r.id === 'clean-exit')?.verdict).toBe('not-applicable');
    expect(await survivors(target)).toEqual([]);
  });
});
