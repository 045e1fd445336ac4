import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OUTCOMES } from '../../src/history/events.js';
import { smallLoad } from '../support/load.js';
import { fixturePath, scenarioPath } from '../support/processes.js';

describe('load against broken strategies', () => {
  it('counts the requests exit-at-once cut, by class, and exits 1', () => {
    const { status, stdout, summary } = smallLoad(scenarioPath('exit-at-once.js'));
    expect(status).toBe(1);
    expect(summary.verdict).toBe('fail');
    // The slow and stream requests running at the signal are cut: the server had read them.
    expect(summary.faults['in-flight-complete'] + summary.faults['stream-clean-end']).toBeGreaterThan(0);
    expect(summary.faults['before-signal']).toBe(0);
    // Every failed request is judged once: the faults add up to the failed outcomes, less the honest
    // refusals after the signal.
    const failed = OUTCOMES.filter((o) => o !== 'complete' && o !== 'drain-refusal').reduce((sum, o) => sum + summary.outcomes[o], 0);
    const judged = Object.values(summary.faults).reduce((sum, n) => sum + n, 0);
    expect(judged).toBe(failed - summary.connections.refusedAfterSignal);
    // Each violated invariant's count is its class's count.
    for (const row of summary.invariants) {
      if (row.id in summary.faults && row.id !== 'deadline') expect(row.count).toBe(summary.faults[row.id as keyof typeof summary.faults]);
    }
    expect(stdout).toMatch(/^outcomes {5}complete \d/m);
    expect(stdout).toMatch(/^ {2}FAIL (in-flight-complete|stream-clean-end) /m);
    expect(stdout).toMatch(/^verdict: fail — /m);
    expect(summary.shutdown.killed).toBe(false);
    expect(existsSync(path.join(stdout.match(/load\.json and load\.html in (.+)$/m)?.[1] ?? '', 'load.html'))).toBe(true);
  });

  it('counts the connections a server accepts during its drain and then drops, against no-accept-then-drop', () => {
    const { status, summary } = smallLoad(fixturePath('violations/accepts-then-drops.js'));
    expect(status).toBe(1);
    expect(summary.faults['no-accept-then-drop']).toBeGreaterThan(0);
    expect(summary.invariants.find((r) => r.id === 'no-accept-then-drop')).toMatchObject({ verdict: 'violated' });
    expect(summary.connections.acceptedAfterSignal).toBeGreaterThanOrEqual(summary.faults['no-accept-then-drop']);
  });
});
