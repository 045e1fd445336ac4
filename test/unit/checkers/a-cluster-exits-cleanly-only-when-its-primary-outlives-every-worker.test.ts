import { describe, expect, it } from 'vitest';
import { cleanExit } from '../../../src/checkers/clean-exit.js';
import { history, messages, options, scenario } from './fixtures.js';

const s = scenario([]);
const check = (h: ReturnType<typeof history>) => cleanExit.check(h.build(), s, options(s));
const signalled = () => history().listening().handler().at(100).signal().handled();
const exited = (proc: number, code: number | null, signal: string | null = null, workersAlive?: number[]) =>
  ({ type: 'process-exited', proc, code, signal, ...(workersAlive ? { workersAlive } : {}) }) as const;

describe('clean-exit in a node:cluster tree', () => {
  it('holds when both workers exit with code 0 and then the primary', () => {
    const h = signalled().at(300).add(exited(1, 0)).add(exited(2, 0)).at(310).add(exited(0, 0)).exit(0);
    expect(check(h)).toEqual({ verdict: 'holds' });
  });

  it('is violated by a primary that exits while its workers still run, though every code is 0', () => {
    const h = signalled().at(101).add(exited(0, 0, null, [1, 2])).at(105).add(exited(1, 0)).add(exited(2, 0)).exit(0);
    expect(messages(check(h))).toEqual([
      "the cluster's primary exited 1 ms after SIGTERM while workers 1, 2 had not: a worker that loses its primary " +
        'exits at once, mid-request, or is left running without it',
    ]);
  });

  it('is violated by a worker that exits with a code outside the allowed set', () => {
    const h = signalled().at(300).add(exited(1, 0)).add(exited(2, 1)).at(310).add(exited(0, 0)).exit(0);
    expect(messages(check(h))).toEqual(['worker 2 exited with code 1 200 ms after SIGTERM, outside the allowed codes 0, 143']);
  });

  it('is violated by a worker killed by a signal the harness did not send, and holds for the one it sent', () => {
    const killed = signalled().at(300).add(exited(1, null, 'SIGKILL')).add(exited(2, 0)).at(310).add(exited(0, 0)).exit(0);
    expect(messages(check(killed))).toEqual(['worker 1 was killed by SIGKILL 200 ms after SIGTERM, a signal the harness did not send']);
    const sent = signalled().at(300).add(exited(1, null, 'SIGTERM')).add(exited(2, 0)).at(310).add(exited(0, 0)).exit(0);
    expect(check(sent)).toEqual({ verdict: 'holds' });
  });

  it('is violated by workers that lost a primary killed by the signal, which records no exit of its own', () => {
    // The node:cluster documentation's example: no handler, so SIGTERM kills the primary and its
    // workers exit with code 0 once their channel closes; the harness sees the primary's death last.
    const lost = (proc: number) => ({ ...exited(proc, 0), primaryLost: true }) as const;
    const h = history().listening().at(100).signal().at(108).add(lost(2)).at(109).add(lost(1)).at(137).exit(null, 'SIGTERM');
    expect(messages(check(h))).toEqual([
      "worker 2 exited with code 0 8 ms after SIGTERM because its channel to the primary closed: the primary ended before its workers (it was killed by SIGTERM: it has no handler for it), and Node's cluster ends a worker that loses its primary at once, mid-request",
      "worker 1 exited with code 0 9 ms after SIGTERM because its channel to the primary closed: the primary ended before its workers (it was killed by SIGTERM: it has no handler for it), and Node's cluster ends a worker that loses its primary at once, mid-request",
    ]);
  });

  it('tells a primary that exited leaving its workers once, not again for each worker that lost it', () => {
    const lost = (proc: number) => ({ ...exited(proc, 0), primaryLost: true }) as const;
    const h = signalled().at(101).add(exited(0, 0, null, [1, 2])).at(105).add(lost(1)).add(lost(2)).exit(0);
    expect(messages(check(h))).toHaveLength(1);
  });

  it('is violated by a worker that ends before the signal was sent', () => {
    const h = history().listening().handler().at(50).add(exited(2, 0)).at(100).signal().handled().at(300).add(exited(1, 0)).add(exited(0, 0)).exit(0);
    expect(messages(check(h))).toEqual(['worker 2 exited with code 0 on its own at 50 ms, before SIGTERM was sent']);
  });
});
