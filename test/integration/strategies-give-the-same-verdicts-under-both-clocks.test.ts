import { describe, expect, it } from 'vitest';
import { checkAll } from '../../src/checkers/catalogue.js';
import { executeScenario, type RunOptions } from '../../src/run/executor.js';
import type { NamedScenario, Strategy } from '../../scenarios/lib/named.js';
import { scenarioPath, STARTUP_TIMEOUT_MS } from '../support/processes.js';
import { CASES, limiter } from '../support/strategy-catalogue.js';

/**
 * Clock fidelity: the virtual clock is the fast path users run, the real clock the ground truth. Every
 * strategy on every named scenario must get the same verdict for every invariant under both. The real
 * clock plays the scenario twice as fast (the agent scales the target's own timers alike), so a 30 s
 * grace period costs 15 s; a disagreement is a bug in the virtual clock, to be fixed there. Four times
 * as fast, a busy 2-core machine ran the real schedule late by more than the scenarios' margins (a
 * signal 160 ms late is 650 scenario ms at ×0.25).
 */
const TIME_SCALE = 0.5;
/**
 * All runs share this process's event loop: a real-clock run whose timer wakes late because the
 * process is busy with the others sends its signal late, and plays another scenario than the virtual
 * run (a signal 250 ms late at ×0.25 is a second of scenario time). Few at once keep it on time.
 */
const virtualRuns = limiter(1);
const realRuns = limiter(3);

async function verdicts(file: string, strategy: Strategy, named: NamedScenario, clock: RunOptions['clock']) {
  const limited = clock === 'real' ? realRuns : virtualRuns;
  const result = await limited(() =>
    executeScenario(named.scenario, {
      entry: scenarioPath(file),
      startupTimeoutMs: STARTUP_TIMEOUT_MS,
      routes: strategy.routes,
      clock,
      ...(clock === 'real' ? { timeScale: TIME_SCALE } : {}),
      ...(named.env ? { env: { ...process.env, ...named.env } } : {}),
    }),
  );
  const report = checkAll(result.history, named.scenario, named.checkOptions ?? {});
  const byId = Object.fromEntries(report.results.map((r) => [r.id, r.verdict.verdict]));
  const why = report.results.flatMap((r) =>
    r.verdict.verdict === 'violated'
      ? r.verdict.evidence.map((e) => `${r.id}: ${e.message}`)
      : r.verdict.verdict === 'unknown'
        ? [`${r.id}: unknown, ${r.verdict.reason}`]
        : [],
  );
  return { run: result.run, byId, why, jsonl: result.jsonl };
}

describe.concurrent('every strategy gets the same verdicts under the virtual and the real clock', () => {
  it.each(CASES)('%s × %s', async (file, _name, strategy, named) => {
    const [virtual, real] = await Promise.all([
      verdicts(file, strategy, named, 'virtual'),
      verdicts(file, strategy, named, 'real'),
    ]);
    expect(virtual.run).toEqual({ status: 'completed' });
    expect(real.run).toEqual({ status: 'completed' });
    expect(
      real.byId,
      `virtual:\n${virtual.why.join('\n')}\n${virtual.jsonl}\nreal (×${TIME_SCALE}):\n${real.why.join('\n')}\n${real.jsonl}`,
    ).toEqual(virtual.byId);
  });
});
