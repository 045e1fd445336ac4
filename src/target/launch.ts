import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AGENT_ENV, type AgentEvent } from './agent-protocol.js';
import { portInUse, refusedCluster, TargetError, type TargetFailure } from './errors.js';
import { newRunMark } from './run-mark.mjs';
import { spawnGuarded } from './process-group.js';
import { startupTimer } from './startup-timer.js';
import { entryLoader } from './typescript.js';
import type { ClockMode, Exit } from './target.js';
import { EVENTS_FD, TargetProcess } from './target-process.js';

export type { ClockMode, Exit } from './target.js';
export { TargetProcess, type TargetDescription } from './target-process.js';

export interface LaunchOptions {
  /** the target's entry file */
  entry: string;
  clock: ClockMode;
  /** keep the ports the target asks for instead of remapping them to ephemeral ones */
  keepPorts?: boolean;
  /** real milliseconds to wait for the first listener (default 10 s) */
  startupTimeoutMs?: number;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** arguments passed to the target */
  args?: string[];
  /** real clock only: real ms per scenario ms; the agent scales the target's timers by it (default 1) */
  timeScale?: number;
  /** the Node executable that runs the target (default: the one running the harness) */
  node?: string;
}

export const DEFAULT_STARTUP_TIMEOUT_MS = 10_000;

/**
 * The agent's entry, preloaded into the target. The agent is plain JavaScript that tsc copies, with
 * the rest of src/, into dist/: in both it sits in agent/ next to this file. The build also makes it
 * one file, agent/bundle.mjs (scripts/bundle-agent.mjs), which starts faster: the harness built into
 * dist/ preloads that, a harness run from its sources (the tests) the modules themselves.
 */
const AGENT_BUNDLE = fileURLToPath(new URL('./agent/bundle.mjs', import.meta.url));
export const AGENT_PATH = existsSync(AGENT_BUNDLE) ? AGENT_BUNDLE : fileURLToPath(new URL('./agent/preload.mjs', import.meta.url));

/**
 * Starts `node --import <agent> <entry>` (`options.node`, else the harness's Node) in its own process group and resolves once the agent reports
 * the first listener. Rejects with a TargetError (and leaves no process behind) when the file is
 * missing, the target crashes or exits before listening, or it does not listen in time.
 */
export async function launchTarget(options: LaunchOptions): Promise<TargetProcess> {
  const cwd = options.cwd ?? process.cwd();
  const entry = path.resolve(cwd, options.entry);
  if (!existsSync(entry)) throw new TargetError({ kind: 'missing', entry }, options.entry, []);
  const loader = entryLoader(entry, cwd);
  if (loader.kind === 'loader-missing') throw new TargetError({ kind: 'needs-loader', loader: loader.loader }, options.entry, []);

  // The agent comes first so that it is in place before anything of the target's, the loader included.
  const imports = ['--import', AGENT_PATH, ...(loader.kind === 'loader' ? ['--import', loader.url] : [])];
  const env = {
    ...(options.env ?? process.env),
    [AGENT_ENV.eventsFd]: String(EVENTS_FD),
    [AGENT_ENV.clock]: options.clock,
    [AGENT_ENV.keepPorts]: options.keepPorts ? '1' : '0',
    [AGENT_ENV.timeScale]: String(options.clock === 'real' ? (options.timeScale ?? 1) : 1),
  };
  const args = [...imports, entry, ...(options.args ?? [])];
  const { child, guard } = spawnGuarded(options.node ?? process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'ipc'], env }, newRunMark());
  const target = new TargetProcess(child, options.clock, guard);
  const timeoutMs = options.startupTimeoutMs ?? DEFAULT_STARTUP_TIMEOUT_MS;

  let exception: string | null = null;
  const onEvent = (event: AgentEvent): void => {
    if (event.type === 'uncaught-exception' && exception === null) exception = event.message;
  };
  target.on('event', onEvent);
  try {
    const outcome = await waitForListener(target, timeoutMs);
    if (outcome.kind === 'listening') {
      await waitForWorkers(target, timeoutMs);
      return target;
    }
    if (outcome.kind === 'exited') {
      const { code, signal } = outcome.exit;
      const taken = portInUse(exception);
      const failure: TargetFailure = refusedCluster(exception)
        ? { kind: 'cluster-needs-real-clock' }
        : taken
        ? { kind: 'port-in-use', port: taken.port, keepPorts: options.keepPorts ?? false }
        : exception !== null || (code !== null && code !== 0)
          ? { kind: 'crashed', code, signal, exception }
          : { kind: 'exited-before-listening', code, signal };
      // The target is gone, but what it started may not be; and its last words may still be in the pipe.
      await target.dispose();
      await target.outputRead();
      // The refusal's stack is the agent's, not the target's: the one line says all there is.
      throw new TargetError(failure, options.entry, failure.kind === 'cluster-needs-real-clock' ? [] : target.stderrTail);
    }
    await target.dispose();
    await target.outputRead();
    throw new TargetError({ kind: 'never-listened', timeoutMs }, options.entry, target.stderrTail);
  } finally {
    target.off('event', onEvent);
  }
}

type StartOutcome = { kind: 'listening' } | { kind: 'exited'; exit: Exit } | { kind: 'timeout' };

/**
 * Waits for the first listener. Under the virtual clock a target may wait on a timer before it listens
 * (a retry, a warm-up); when it is quiet with a timer pending, the clock is moved to that timer.
 */
async function waitForListener(target: TargetProcess, timeoutMs: number): Promise<StartOutcome> {
  let settled: StartOutcome | null = null;
  const done = new Promise<StartOutcome>((resolve) => {
    const onEvent = (event: AgentEvent): void => {
      if (event.type === 'listening') finish({ kind: 'listening' });
    };
    const onExit = (exit: Exit): void => finish({ kind: 'exited', exit });
    const cancel = startupTimer(timeoutMs, () => finish({ kind: 'timeout' }));
    function finish(outcome: StartOutcome): void {
      if (settled) return;
      settled = outcome;
      cancel();
      target.off('event', onEvent);
      target.off('exit', onExit);
      resolve(outcome);
    }
    target.on('event', onEvent);
    target.on('exit', onExit);
  });
  if (target.clock === 'virtual') void nudgeClockUntil(target, () => settled !== null);
  return done;
}

async function nudgeClockUntil(target: TargetProcess, stop: () => boolean): Promise<void> {
  while (!stop()) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (stop()) return;
    const status = await target.command('status');
    if (stop() || status === null) return;
    if (status.next !== null) await target.command('advance', status.next);
  }
}

/**
 * A node:cluster primary's first listener is its first worker's: the others may still be loading, and
 * would take no connection of the first steps. Waits until each running worker has listened (or
 * exited), for at most the start-up timeout; a worker that never listens (a queue consumer) costs
 * that wait and nothing more.
 */
async function waitForWorkers(target: TargetProcess, timeoutMs: number): Promise<void> {
  // Only a cluster's events carry a process: any other target starts as it did, with no more commands.
  if (!target.events.some((e) => e.proc !== undefined)) return;
  let expired = false;
  const cancel = startupTimer(timeoutMs, () => {
    expired = true;
  });
  try {
    for (;;) {
      const status = await target.command('status');
      if (expired || status === null || !status.starting) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    cancel();
  }
}
