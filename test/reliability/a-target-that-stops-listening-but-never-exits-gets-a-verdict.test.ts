import { describe, expect, it } from 'vitest';
import { LONG, readReport, runOnCopy, violatedIds } from '../support/cli.js';
import { survivors } from '../support/processes.js';

/**
 * closes-listener-keeps-running.js stops listening on SIGTERM and answers what is in flight, then
 * stays: a heartbeat timer (on the virtual clock, which the harness steps through) or a UDP socket
 * (real I/O the agent cannot see, so the harness waits for an exit that does not come) keeps it alive.
 */
describe.each(['timer', 'socket'])('a target that stops listening but never exits, kept alive by a %s', (keepAlive) => {
  it('is killed at the end of the grace period and violates deadline alone', async () => {
    // Kept alive by a socket the agent cannot see, a run waits out its grace period in real time (the
    // target might yet exit on that I/O): no shrinking, which would pay it again for every try. No
    // second signal: SIGINT after SIGTERM ends this target by its default action within the grace
    // period, and an unseeded search drew it in all three runs once in about twenty.
    const args = ['--grace', '3s', '--runs', '3', '--shrink-runs', '0', '--second-signals', 'none', '--clients', 'late'];
    const run = runOnCopy('reliability/closes-listener-keeps-running.js', args, {
      env: { KEEP_ALIVE: keepAlive },
      timeoutMs: 300_000,
    });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(1);
    const report = readReport(run.out);
    expect(violatedIds(report)).toEqual(['deadline']);
    const history = report.counterexample?.history ?? [];
    expect(history).toContainEqual(expect.objectContaining({ type: 'listener-closed' }));
    // Unshrunk, the run may have late clients refused after the exit: the exit need not be the last event.
    expect(history.filter((e) => e.type === 'target-exited')).toEqual([expect.objectContaining({ signal: 'SIGKILL' })]);
    expect(await survivors(run.target)).toEqual([]);
  }, LONG);
});
