import type { Routes } from '../clients/client.js';
import { canonicalize, historyHash, toJsonl } from '../history/canonical.js';
import type { HistoryEvent } from '../history/events.js';
import { validateScenario } from '../scenario/timeline.js';
import type { Scenario } from '../scenario/types.js';
import type { Protocols } from '../target/agent-protocol.js';
import { launchCommand, type CommandOptions } from '../target/command.js';
import { launchTarget } from '../target/launch.js';
import type { ClockMode, Target } from '../target/target.js';
import { Execution } from './execution.js';
import { followTheRun, recordProxyAnswers, startProxy, type ProxySettings } from './proxy-in-loop.js';
import type { TargetsAhead } from './targets-ahead.js';

/** What to run: a Node entry file (with the agent), or any command (`command`, real clock only, no agent). */
export type RunTarget =
  | { entry: string; command?: undefined }
  | { command: Omit<CommandOptions, 'cwd' | 'env' | 'startupTimeoutMs' | 'graceMs'>; entry?: undefined };

export type RunOptions = RunTarget & RunSettings;

export interface RunSettings {
  cwd?: string;
  args?: string[];
  env?: NodeJS.ProcessEnv;
  /** default 'virtual' */
  clock?: ClockMode;
  keepPorts?: boolean;
  startupTimeoutMs?: number;
  /** the Node executable that runs a Node entry file (default: the harness's own) */
  node?: string;
  /**
   * real clock only: real ms per scenario ms (default 1). The timeline is played that much faster, and
   * the agent scales the target's own timers alike; the history stays in scenario ms.
   */
  timeScale?: number;
  /**
   * virtual clock only: a fixed window (real ms) in which nothing new must happen, once every expected
   * effect has been seen, before a step counts as finished (default 0: none; the bench measures its cost)
   */
  quietMs?: number;
  /**
   * command targets only (no agent to ask whether the target has read what it was sent): how long (real
   * ms) nothing new must happen, once the clients' own effects are seen, before a step before the
   * signal counts as finished (default: twice the checkers' settle time, scaled)
   */
  commandQuietMs?: number;
  /** real ms a step may take before the run ends with verdict `unknown` (default 10 000) */
  watchdogMs?: number;
  /** the target's own routes; where one is missing, the agent injects the behaviour */
  routes?: Partial<Routes>;
  /** a proxy in front of the target, real clock only: the clients talk to it (see proxy-in-loop.ts) */
  proxy?: ProxySettings;
  /** command targets only (no agent to ask): what the harness's probe found it serves (run/probe.ts) */
  protocols?: Protocols;
}

export type RunStatus = { status: 'completed' } | { status: 'unknown'; reason: string };

export interface RunResult {
  scenario: Scenario;
  clock: ClockMode;
  run: RunStatus;
  /** the canonical history */
  history: HistoryEvent[];
  jsonl: string;
  historyHash: string;
  /** what is left out of the canonical history: it differs from run to run */
  meta: { pid: number; port: number | null; wallMs: number; stderrTail: string[]; stdoutTail: string[] };
}

/** A malformed scenario, rejected before any target starts: `problems` lists what is wrong with it. */
export class ScenarioError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid scenario: ${problems.join('; ')}`);
    this.name = 'ScenarioError';
  }
}

/**
 * Runs one scenario against one real target and records its history; with `ahead`, a target started
 * before the run where that cannot change it (see canStartAhead). Throws TargetError when the
 * target cannot be brought up, ScenarioError for a malformed scenario; a run that stops making
 * progress ends with `run.status === 'unknown'` and its reason, never with a hang.
 */
export async function executeScenario(scenario: Scenario, options: RunOptions, ahead?: TargetsAhead): Promise<RunResult> {
  const problems = validateScenario(scenario, { requestCount: options.routes?.requests?.length ?? 0 });
  if (problems.length > 0) throw new ScenarioError(problems);
  const wallStart = performance.now();
  const clock = clockOf(options);
  const target = await (ahead && canStartAhead(options) ? ahead.take() : launch(scenario, options, clock));
  const proxy = options.proxy ? await startProxy(options.proxy, target, options.entry ?? options.command.cmd) : null;
  const execution = new Execution(target, scenario, options, clock);
  if (proxy) followTheRun(proxy, execution.recorder, scenario, options.timeScale ?? 1);
  let run: RunStatus | null = null;
  try {
    // Behind a proxy the clients talk to the proxy's port, not the target's, and the executor says when
    // the proxy's part is over.
    run = await execution.execute(proxy ? { port: proxy.port, quit: () => proxy.quit() } : undefined);
  } finally {
    await target.dispose();
    await proxy?.stop();
    await execution.closeClients();
    // A run that threw has no history to add the proxy's answers to: its files go now.
    if (run === null) proxy?.removeFiles();
  }
  if (proxy) recordProxyAnswers(proxy, execution.recorder);
  const history = canonicalize(execution.recorder.events());
  return {
    scenario,
    clock,
    run,
    history,
    jsonl: toJsonl(history),
    historyHash: historyHash(history),
    meta: {
      pid: target.pid,
      port: target.port,
      wallMs: Math.round(performance.now() - wallStart),
      stderrTail: [...target.stderrTail],
      stdoutTail: [...target.stdoutTail],
    },
  };
}

function clockOf(options: RunOptions): ClockMode {
  return options.clock ?? (options.command !== undefined ? 'real' : 'virtual');
}

/**
 * Whether a run's target may be started before the run (see TargetsAhead): a Node target under the
 * virtual clock, whose start does not depend on the scenario and whose time waits for the run.
 */
export function canStartAhead(options: RunOptions): boolean {
  return options.command === undefined && clockOf(options) === 'virtual';
}

/** Starts the Node target `options` name, for TargetsAhead: what executeScenario would start. */
export function launchNodeTarget(options: RunOptions): Promise<Target> {
  if (options.command !== undefined) throw new Error('a command target is started for its scenario: its grace period is in its environment');
  return launch(null, options, clockOf(options));
}

function launch(scenario: Scenario | null, options: RunOptions, clock: ClockMode): Promise<Target> {
  const common = {
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    ...(options.env !== undefined ? { env: options.env } : {}),
    ...(options.startupTimeoutMs !== undefined ? { startupTimeoutMs: options.startupTimeoutMs } : {}),
  };
  if (options.command !== undefined) {
    if (clock !== 'real') throw new Error('a command target has no agent to run a virtual clock: use the real clock');
    if (!scenario) throw new Error('a command target needs its scenario to start');
    return launchCommand({ ...options.command, ...common, graceMs: scenario.graceMs * (options.timeScale ?? 1) });
  }
  return launchTarget({
    entry: options.entry,
    clock,
    ...common,
    ...(options.args !== undefined ? { args: options.args } : {}),
    ...(options.keepPorts !== undefined ? { keepPorts: options.keepPorts } : {}),
    ...(options.timeScale !== undefined ? { timeScale: options.timeScale } : {}),
    ...(options.node !== undefined ? { node: options.node } : {}),
  });
}
