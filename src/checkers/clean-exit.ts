/**
 * clean-exit: the target ends without crashing and without being SIGKILLed. A crash is an uncaught
 * exception (reported even when the target's own `uncaughtException` handler swallows it, since the
 * code that threw never finished its work), an exit code outside the allowed set (by default 0 and
 * 128 + the number of each signal the scenario sends), death by a signal the harness did not send
 * (SIGSEGV, SIGABRT, or a SIGKILL from elsewhere such as the OOM killer), or an exit before the signal
 * was sent, since a server is not supposed to stop on its own. Death by a signal the harness sent,
 * through its default action (Node installs none once a listener exists, so either the target never
 * handled it or its handler re-raised it), is not a crash: it is the conventional 128 + n ending, and
 * whatever it cut is judged by the other invariants. The harness's own SIGKILL at the end of the
 * grace period is judged by `deadline` alone: a target that overstays is one fault, not two. Without
 * an agent (a command target) no exception is reported: a crash shows only as its exit code or signal.
 *
 * Exercised by an ending of the target's own: after the signal, or before it (a crash). A target the
 * harness's SIGKILL ended never showed how it ends, so unless it threw, the run did not exercise this.
 *
 * A `node:cluster` tree ends cleanly when every process of it does: each worker by the same rule as
 * the target, and the primary only after its workers. A primary that exits first takes their channel
 * with it, and Node's cluster makes a worker that loses its primary exit at once
 * (lib/internal/cluster/child.js, on 'disconnect'), whatever it was serving: its code says 0, but the
 * requests it held were cut, or it is left running without a parent. A primary killed by the signal
 * (no handler: the `node:cluster` documentation's own example) records no exit of its own, and the
 * harness sees its death only once its workers are gone; its workers' ends say it, each one recorded
 * as having lost its primary.
 */
import type { History } from '../history/events.js';
import type { Scenario } from '../scenario/types.js';
import type { CheckOptions } from './checker.js';
import { EXERCISED, notExercisedBecause } from './exercise.js';
import type { Evidence, Verdict } from './verdict.js';
import { HistoryView } from './view.js';
import { conclude, oneLine, sinceSignal, withSignal } from './wording.js';
import type { Invariant, LoadCount, LoadCounting } from './invariant.js';

function check(history: History, scenario: Scenario, options: CheckOptions): Verdict {
  const view = new HistoryView(history, scenario);
  const { signal, kill, exit } = view;
  const violations: Evidence[] = [];
  const missing: string[] = [];
  for (const thrown of view.ofType('uncaught-exception')) {
    violations.push({
      events: withSignal(view, [thrown]),
      message: `the target threw an uncaught exception (${oneLine(thrown.message)}) ${sinceSignal(view, thrown)}`,
    });
  }
  if (kill) {
    const reason =
      "the harness's SIGKILL at the end of the grace period ended the target, so the run did not show how it " +
      'exits on its own (deadline judges the kill)';
    return conclude(view, violations, missing, notExercisedBecause(reason));
  }
  violations.push(...clusterEndings(view, scenario, options));
  if (!exit) {
    missing.push('the history ends before the target exited');
    return conclude(view, violations, missing, EXERCISED);
  }
  const ending = exit.signal !== null ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
  if (!signal || view.before(exit, signal)) {
    violations.push({
      events: [exit],
      message: `the target ${ending} on its own at ${exit.t} ms, before ${scenario.signal} was sent at ${scenario.signalAt} ms`,
    });
  } else if (exit.signal !== null) {
    const sent = view.ofType('signal-sent').some((s) => s.signal === exit.signal && view.before(s, exit));
    if (!sent) {
      violations.push({
        events: withSignal(view, [exit]),
        message: `the target ${ending} ${sinceSignal(view, exit)}, a signal the harness did not send`,
      });
    }
  } else if (exit.code !== null && !options.allowedExitCodes.includes(exit.code)) {
    const allowed = options.allowedExitCodes.join(', ');
    violations.push({
      events: withSignal(view, [exit]),
      message: `the target ${ending} ${sinceSignal(view, exit)}, outside the allowed codes ${allowed}`,
    });
  }
  return conclude(view, violations, missing, EXERCISED);
}

/** What each process of a cluster tree did wrong in ending; none outside a cluster. */
function clusterEndings(view: HistoryView, scenario: Scenario, options: CheckOptions): Evidence[] {
  const { signal } = view;
  const found: Evidence[] = [];
  // The workers a primary's own exit already names: their loss is that one fault, told once.
  const leftByPrimary = new Set(view.ofType('process-exited').flatMap((e) => (e.proc === 0 ? (e.workersAlive ?? []) : [])));
  for (const ended of view.ofType('process-exited')) {
    const alive = ended.workersAlive ?? [];
    if (ended.proc === 0) {
      if (alive.length > 0) {
        const workers = `worker${alive.length > 1 ? 's' : ''} ${alive.join(', ')}`;
        found.push({
          events: withSignal(view, [ended]),
          message:
            `the cluster's primary exited ${sinceSignal(view, ended)} while ${workers} had not: a worker that loses its ` +
            'primary exits at once, mid-request, or is left running without it',
        });
      }
      continue;
    }
    const ending = ended.signal !== null ? `was killed by ${ended.signal}` : `exited with code ${ended.code}`;
    if (ended.primaryLost && !leftByPrimary.has(ended.proc)) {
      const primary = view.exit?.signal ? ` (it was killed by ${view.exit.signal}: it has no handler for it)` : '';
      found.push({
        events: withSignal(view, [ended]),
        message:
          `worker ${ended.proc} ${ending} ${sinceSignal(view, ended)} because its channel to the primary closed: the ` +
          `primary ended before its workers${primary}, and Node's cluster ends a worker that loses its primary at once, mid-request`,
      });
      continue;
    }
    if (!signal || view.before(ended, signal)) {
      found.push({ events: [ended], message: `worker ${ended.proc} ${ending} on its own at ${ended.t} ms, before ${scenario.signal} was sent` });
    } else if (ended.signal !== null && !view.ofType('signal-sent').some((s) => s.signal === ended.signal)) {
      found.push({ events: withSignal(view, [ended]), message: `worker ${ended.proc} ${ending} ${sinceSignal(view, ended)}, a signal the harness did not send` });
    } else if (ended.code !== null && !options.allowedExitCodes.includes(ended.code)) {
      found.push({
        events: withSignal(view, [ended]),
        message: `worker ${ended.proc} ${ending} ${sinceSignal(view, ended)}, outside the allowed codes ${options.allowedExitCodes.join(', ')}`,
      });
    }
  }
  return found;
}

/** Under load: judged from the exit the run saw and the first uncaught exception the agent reported. */
const load = {
  count: (t, run): LoadCount => {
    const { exit, allowedExitCodes } = run;
    const killed = t.moments.killAt !== null;
    const exitText = exit?.signal ? `killed by ${exit.signal}` : `exit code ${exit?.code}`;
    return {
      count: exit !== null && !endedCleanly(exit, t.uncaughtException, allowedExitCodes, run.settings.signal) ? 1 : 0,
      of: 1,
      applicable: exit !== null && !killed,
      holds: killed ? "killed by the harness's SIGKILL: judged by deadline" : `${exitText}`,
      violated: t.uncaughtException ? `uncaught exception: ${t.uncaughtException}` : `${exitText}, outside ${allowedExitCodes.join(', ')}`,
    };
  },
} satisfies LoadCounting;

/**
 * As the checker judges it: no uncaught exception, an exit code in the allowed set, and no death by a
 * signal other than the one sent (its default action ending the process is not a crash).
 */
function endedCleanly(
  exit: { code: number | null; signal: string | null },
  uncaught: string | null,
  allowed: readonly number[],
  sent: string,
): boolean {
  if (uncaught !== null) return false;
  if (exit.signal !== null) return exit.signal === sent;
  return exit.code !== null && allowed.includes(exit.code);
}

export const cleanExit = {
  id: 'clean-exit',
  defaultSeverity: 'error',
  exercisedBy: "an ending of the target's own (not the harness's SIGKILL), after the signal or before it",
  definition:
    'The target ends without a crash (uncaught exception, exit code outside the allowed set, death by a signal ' +
    'the harness did not send); the SIGKILL at the end of the grace period is left to deadline. In a node:cluster ' +
    'tree, so does every worker, and the primary exits only after all of them.',
  advice: {
    meaning:
      'The process ended with a crash or a non-zero status: the orchestrator counts a failed container, alerts ' +
      'fire, and logs tell a crash where there was a deploy.',
    fix:
      'Exit with status 0 once the drain is done. Make fallback timers that exit with 1 (close-with-grace\'s ' +
      '`delay`, lightship\'s `terminate()`) longer than the drain they guard, and handle errors on the shutdown path.',
  },
  check,
  load,
} as const satisfies Invariant;
