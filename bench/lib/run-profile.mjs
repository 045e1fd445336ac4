/**
 * Where one run's wall time goes. Runs scenarios one by one through the library in this process and
 * splits each run at the moments the harness's TargetProcess sees: executeScenario called → the
 * agent's first listening event (spawn, Node's start-up, the agent, the target's own imports, listen)
 * → the first signal sent (the steps before it) → the target's exit seen (the drain's steps, the
 * exit) → executeScenario resolved (the last step, the group's cleanup, the clients closed). It also
 * counts the executor's round trips to the agent (status and advance commands) and the steps of the
 * history.
 *
 * The split is taken by wrapping TargetProcess's methods on its prototype, from outside: the harness
 * itself is run unchanged.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { STARTUP_TIMEOUT_MS } from './process.mjs';

const PHASES = ['start', 'beforeSignal', 'drain', 'afterExit'];

/**
 * Runs each scenario once at each quiet window in `quietWindows` (alternating, so that both meet about
 * the same load) and resolves with the mean of every phase, the total, the steps and the round trips
 * per run, by quiet window.
 */
export async function profileRuns({ root, entry, scenarios, quietWindows }) {
  const { executeScenario } = await import(pathToFileURL(path.join(root, 'dist/run/executor.js')).href);
  const { TargetProcess } = await import(pathToFileURL(path.join(root, 'dist/target/launch.js')).href);
  let marks = {};
  const restore = instrument(TargetProcess.prototype, () => marks);
  const runs = new Map(quietWindows.map((q) => [q, []]));
  try {
    for (const scenario of scenarios) {
      for (const quietMs of quietWindows) {
        marks = { commands: 0 };
        const called = performance.now();
        const result = await executeScenario(scenario, { entry, clock: 'virtual', quietMs, startupTimeoutMs: STARTUP_TIMEOUT_MS });
        const done = performance.now();
        if (result.run.status !== 'completed' || marks.signal === undefined || marks.exit === undefined) {
          throw new Error(`a profiled run did not play out (${result.run.status === 'completed' ? 'no signal or no exit seen' : result.run.reason})`);
        }
        runs.get(quietMs).push({
          start: marks.listening - called,
          beforeSignal: marks.signal - marks.listening,
          drain: marks.exit - marks.signal,
          afterExit: done - marks.exit,
          total: done - called,
          steps: Math.max(0, ...result.history.map((e) => e.step)) + 1,
          commands: marks.commands,
        });
      }
    }
  } finally {
    restore();
  }
  const mean = (list, key) => list.reduce((sum, r) => sum + r[key], 0) / list.length;
  return new Map(
    [...runs].map(([quietMs, list]) => [quietMs, Object.fromEntries([...PHASES, 'total', 'steps', 'commands'].map((k) => [k, mean(list, k)]))]),
  );
}

/** Wraps the prototype's methods to stamp the run's moments into marks(); returns the undo. */
function instrument(proto, marks) {
  const original = { emit: proto.emit, signal: proto.signal, command: proto.command };
  proto.emit = function (name, ...args) {
    const m = marks();
    if (name === 'event' && args[0]?.type === 'listening') m.listening ??= performance.now();
    if (name === 'exit') m.exit ??= performance.now();
    return original.emit.call(this, name, ...args);
  };
  proto.signal = function (...args) {
    marks().signal ??= performance.now();
    return original.signal.apply(this, args);
  };
  proto.command = function (...args) {
    // the executor's; those the launcher sends while the target starts are part of its start
    const m = marks();
    if (m.listening !== undefined) m.commands++;
    return original.command.apply(this, args);
  };
  return () => Object.assign(proto, original);
}
