// One scenario gives one history however fast the machine moves bytes. Under load, loopback delivery
// runs in softirq time that busy processes delay, while the agent's answer travels on its own pipe: a
// close frame or a FIN can still be on its way when the target says it is idle. Here the loopback itself
// is slowed — a network namespace of the run's own, with a token bucket on `lo` (tc-tbf(8)) — and the
// history must be the one a fast loopback gives, byte for byte.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { ScenarioResult } from '../../src/report/scenario-result.js';
import { besidesProgress, runCli } from '../support/cli.js';
import { CLI, scenarioPath } from '../support/processes.js';
import { everyKindMix } from '../support/scenarios.js';

/** About 12 bytes a ms, with a burst of one packet: a WebSocket frame or a response waits several ms. */
const SLOW_LOOPBACK = 'PATH=/usr/sbin:/sbin:$PATH; ip link set lo up && tc qdisc add dev lo root tbf rate 100kbit burst 1600 latency 5s';

function hashOf(result: { status: number | null; stdout: string; stderr: string }): string {
  expect(besidesProgress(result.stderr)).toBe('');
  expect(result.status).toBe(0);
  return (JSON.parse(result.stdout) as ScenarioResult).historyHash;
}

describe('a scenario with every client kind against the reference', () => {
  it('gives the same history hash on a loopback slowed to 100 kbit/s as on the machine’s own', () => {
    const args = ['--target', scenarioPath('reference.js'), '--scenario', JSON.stringify(everyKindMix(true)), '--reporter', 'json'];
    const fast = hashOf(runCli(args));
    const slow = spawnSync('unshare', ['-n', 'sh', '-c', `${SLOW_LOOPBACK} && exec "$0" "$@"`, process.execPath, CLI, ...args], {
      encoding: 'utf8',
      timeout: 300_000,
    });
    expect(slow.error).toBeUndefined();
    expect(hashOf(slow)).toBe(fast);
  });
});
