import { DEFAULT_SETTLE_MS } from '../checkers/checker.js';
import type { Client, Routes } from '../clients/client.js';
import { createClient } from '../clients/create.js';
import { canonicalize, historyHash, toJsonl } from '../history/canonical.js';
import type { HistoryEvent } from '../history/events.js';
import { Nemesis } from '../nemesis/nemesis.js';
import { compileTimeline, validateScenario, type Action } from '../scenario/timeline.js';
import type { Scenario } from '../scenario/types.js';
import type { AgentControl } from '../target/agent-protocol.js';
import { launchCommand, type CommandOptions } from '../target/command.js';
import { launchTarget } from '../target/launch.js';
import type { ClockMode, Target } from '../target/target.js';
import { monotonicMs, Recorder } from './recorder.js';

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
  /**
   * real clock only: real ms per scenario ms (default 1). The timeline is played that much faster, and
   * the agent scales the target's own timers alike; the history stays in scenario ms.
   */
  timeScale?: number;
  /**
   * virtual clock only: how long (real ms) nothing new must happen, once every expected effect has been
   * seen, before a step counts as finished (default 20)
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

class WatchdogError extends Error {}

/** What ask() resolves with when the agent has not answered within BLOCKED_MS. */
const BLOCKED = Symbol('blocked');

type Expectation = { why: string; met: () => boolean };

const DEFAULT_QUIET_MS = 2;
const DEFAULT_WATCHDOG_MS = 10_000;
/** Resolves after `n` turns of the harness's event loop: what had arrived meanwhile has been read. */
function harnessTurns(n: number): Promise<void> {
  return new Promise((resolve) => {
    const turn = (left: number): void => {
      if (left === 0) resolve();
      else setImmediate(() => turn(left - 1));
    };
    turn(n);
  });
}

/** A target that keeps rescheduling short timers could step forever; this bounds one run. */
const MAX_STEPS = 200_000;
/** Signals whose default action in Node does not end the process (SIGUSR1 starts the inspector). */
const NON_FATAL_BY_DEFAULT = new Set(['SIGUSR1']);
/** How long a step waits for the exit of a target that has nothing left (see settle). */
const EXIT_WAIT_MS = 1000;
/** The shortest quiet window of a step against a command target (real ms), however small the time scale. */
const MIN_COMMAND_QUIET_MS = 10;
/**
 * How long (real ms) the agent may take to answer before the target counts as blocked: its event loop
 * held by synchronous code or an endless chain of promise callbacks. The agent answers after two idle
 * turns of that loop, which take well under this on a loaded machine.
 */
const BLOCKED_MS = 2000;

/**
 * Runs one scenario against one real target and records its history. Throws TargetError when the
 * target cannot be brought up, ScenarioError for a malformed scenario; a run that stops making
 * progress ends with `run.status === 'unknown'` and its reason, never with a hang.
 */
export async function executeScenario(scenario: Scenario, options: RunOptions): Promise<RunResult> {
  const problems = validateScenario(scenario, { requestCount: options.routes?.requests?.length ?? 0 });
  if (problems.length > 0) throw new ScenarioError(problems);
  const wallStart = performance.now();
  const clock = options.clock ?? (options.command !== undefined ? 'real' : 'virtual');
  const target = await launch(scenario, options, clock);
  const execution = new Execution(target, scenario, options, clock);
  let run: RunStatus;
  try {
    run = await execution.execute();
  } finally {
    await target.dispose();
    await execution.closeClients();
  }
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

function launch(scenario: Scenario, options: RunOptions, clock: ClockMode): Promise<Target> {
  const common = {
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    ...(options.env !== undefined ? { env: options.env } : {}),
    ...(options.startupTimeoutMs !== undefined ? { startupTimeoutMs: options.startupTimeoutMs } : {}),
  };
  if (options.command !== undefined) {
    if (clock !== 'real') throw new Error('a command target has no agent to run a virtual clock: use the real clock');
    return launchCommand({ ...options.command, ...common, graceMs: scenario.graceMs * (options.timeScale ?? 1) });
  }
  return launchTarget({
    entry: options.entry,
    clock,
    ...common,
    ...(options.args !== undefined ? { args: options.args } : {}),
    ...(options.keepPorts !== undefined ? { keepPorts: options.keepPorts } : {}),
    ...(options.timeScale !== undefined ? { timeScale: options.timeScale } : {}),
  });
}

/**
 * The step-locked executor. Each step is one action (a client act, a signal, the kill) or one move of
 * the virtual clock to the next due timer; after each, it waits until the effects it can predict are
 * observed (the server read the request, or the client saw it fail; a finished response reached its
 * client; an exit reached every client) and then until nothing new happens for `quietMs`, and only
 * then moves time or acts again. That is what makes one scenario give one history.
 */
class Execution {
  readonly recorder = new Recorder();
  private readonly clients = new Map<string, Client>();
  private readonly nemesis: Nemesis;
  private expectations: Expectation[] = [];
  private derived = 0;
  private status: AgentControl | null = null;
  /** the agent's virtual time when the target first listened: the history's t = 0 */
  private readyAt = 0;
  /** under the real clock: t = 0 on the monotonic clock (ms) */
  private realStart = 0;
  /**
   * Under the real clock, how far (real ms) the schedule has slipped: before the signal each step
   * waits for its effects, and a step that took longer than planned moves everything after it, so that
   * the signal meets the clients in the state the scenario means and later actions keep their distance
   * from it. From the signal on nothing waits: the clients keep to the schedule as real traffic would.
   */
  private slip = 0;
  private signalled = false;
  /**
   * Virtual clock: the target stopped answering at virtual time `at`, when the harness asked at `since`
   * (monotonic ms); `answer` resolves when it answers again, or with null once it has exited.
   */
  private blocked: { since: number; at: number; answer: Promise<AgentControl | null> } | null = null;
  /** virtual clock: the agent's time at its latest event, on the scale of its status's `now` */
  private agentNow: number | null = null;
  private readonly quietMs: number;
  private readonly watchdogMs: number;
  private readonly commandQuietMs: number;
  private readonly timeScale: number;
  private readonly routes: Routes;

  constructor(
    private readonly target: Target,
    private readonly scenario: Scenario,
    options: RunOptions,
    private readonly clock: ClockMode,
  ) {
    this.quietMs = options.quietMs ?? DEFAULT_QUIET_MS;
    this.watchdogMs = options.watchdogMs ?? DEFAULT_WATCHDOG_MS;
    this.timeScale = options.timeScale ?? 1;
    // Twice the checkers' settle time: a request written in one step is then judged received when the
    // signal comes in the next, by a clear margin and not by a millisecond that a replay might not repeat.
    this.commandQuietMs = options.commandQuietMs ?? Math.max(MIN_COMMAND_QUIET_MS, 2 * DEFAULT_SETTLE_MS * this.timeScale);
    this.routes = { fast: '/', ...options.routes };
    this.nemesis = new Nemesis(target, (event) => this.recorder.record(event));
  }

  async execute(): Promise<RunStatus> {
    const { recorder, target } = this;
    if (this.clock === 'real') {
      this.realStart = monotonicMs();
      recorder.useRealTime(this.realStart, this.timeScale);
    }
    for (const event of target.events) recorder.recordAgent(event);
    target.on('event', (event) => {
      if (event.vt !== undefined) this.agentNow = event.vt;
      recorder.recordAgent(event);
    });
    const onExit = (): void => {
      const exit = target.exitStatus;
      if (exit) recorder.record({ type: 'target-exited', code: exit.code, signal: exit.signal });
    };
    if (target.alive) target.once('exit', onExit);
    else onExit();
    recorder.on('change', () => this.deriveExpectations());

    const port = target.port;
    if (port === null) return { status: 'unknown', reason: 'the target reported no port' };
    for (const spec of this.scenario.clients) {
      this.clients.set(
        spec.id,
        createClient(spec, {
          host: '127.0.0.1',
          port,
          routes: this.routes,
          // Nobody scales a command's clock: the durations it must honour itself are scaled in its routes.
          ...(target.hasAgent ? {} : { targetScale: this.timeScale }),
          record: (event) => recorder.record(event),
          bindPort: (localPort) => recorder.bindPort(localPort, spec.id),
        }),
      );
    }

    try {
      if (this.clock === 'virtual') {
        this.status = await target.command('status');
        this.readyAt = this.status?.now ?? 0;
      }
      await this.settle();
      for (const action of compileTimeline(this.scenario)) {
        if (action.kind !== 'client' && !target.alive) continue;
        await this.advanceTo(action.at, action.kind !== 'client');
        // The target may have exited on a timer on the way: nobody is left to signal.
        if (action.kind !== 'client' && !target.alive) continue;
        recorder.beginStep();
        this.perform(action);
        if (action.kind === 'signal') this.signalled = true;
        await this.settle();
        if (action.kind === 'client') this.slipPast(action.at, this.lastEffect(action.client));
      }
      this.expect('every client to finish', () => this.clientsDone());
      await this.settle(true);
      return { status: 'completed' };
    } catch (error) {
      if (!(error instanceof WatchdogError)) throw error;
      recorder.record({ type: 'watchdog', reason: error.message });
      return { status: 'unknown', reason: error.message };
    }
  }

  async closeClients(): Promise<void> {
    await Promise.all([...this.clients.values()].map((c) => c.close()));
  }

  private perform(action: Action): void {
    switch (action.kind) {
      case 'client':
        this.clients.get(action.client)?.act(action.op);
        return;
      case 'signal':
        this.nemesis.signal(action.signal, action.nth);
        // The keep-alive race on purpose: these requests go out on their idle connections right after
        // the signal, before the target can have acted on it, with no settling in between.
        for (const { client, op } of action.alongside ?? []) this.clients.get(client)?.act(op);
        return;
      case 'kill':
        this.nemesis.killAtDeadline();
        return;
    }
  }

  /**
   * Moves time to `t` (ms after ready). The agent moves its clock from timer to timer and stops at the
   * first one whose callbacks did something visible; that is a step of its own, at that timer's time,
   * settled before the clock moves on. Timers nobody could see fire (a heartbeat that only counts) cost
   * no step. A target that waits on something the virtual clock does not control ends the run
   * `unknown`, with the agent's reason. Under the real clock, with `stopAtExit` (the nemesis's actions:
   * nobody is left to signal), an exit ends the wait early.
   */
  private async advanceTo(t: number, stopAtExit: boolean): Promise<void> {
    const { recorder, target } = this;
    if (this.clock === 'real') {
      await this.sleepUntilReal(t, stopAtExit);
      return;
    }
    /** the recorder's size when the last move ended with nothing seen, or -1 */
    let emptyAt = -1;
    for (;;) {
      if (this.blocked && target.alive) {
        if (!(await this.waitWhileBlocked(t))) return;
        continue;
      }
      const status = this.status;
      if (!target.alive || status === null || status.now === null) break;
      const now = status.now - this.readyAt;
      const due = status.next === null ? null : status.next - this.readyAt;
      if (now >= t && (due === null || due > t)) break;
      if (recorder.step > MAX_STEPS) throw new WatchdogError(`gave up after ${MAX_STEPS} steps of timers`);
      // A move that saw nothing leaves its step empty: the next one takes it over, so that how a long
      // invisible move was cut into answers never shows in the history.
      if (recorder.size !== emptyAt) recorder.beginStep();
      const mark = recorder.size;
      this.agentNow = null;
      const answer = await this.ask('advance', t + this.readyAt, () => this.agentTime(Math.min(t, due ?? t)));
      if (answer === BLOCKED) continue;
      // Where the move stopped: the answer says so; a target that exited on the way answers nothing,
      // and its last events (its exit among them) carry the time it got to.
      recorder.restamp(mark, answer?.now != null ? answer.now - this.readyAt : this.agentTime(recorder.t));
      emptyAt = recorder.size === mark && answer !== null && !answer.observed ? mark : -1;
      if (answer !== null) this.status = answer;
      if (answer?.unfaithful !== undefined) throw new WatchdogError(answer.unfaithful);
      // The exit's effects (the clients see their connections end) belong to the step that caused it.
      if (answer === null || answer.observed) await this.settle();
    }
    recorder.t = Math.max(recorder.t, t);
  }

  /**
   * Asks the agent, and gives up waiting after BLOCKED_MS: the target is then blocked (see
   * waitWhileBlocked), since the virtual time `at()` gives (by default the current time).
   */
  private async ask(
    op: 'status' | 'advance',
    to?: number,
    at: () => number = () => this.recorder.t,
  ): Promise<AgentControl | null | typeof BLOCKED> {
    const since = monotonicMs();
    const answer = this.target.command(op, to);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<typeof BLOCKED>((resolve) => {
      timer = setTimeout(() => resolve(BLOCKED), BLOCKED_MS);
    });
    const first = await Promise.race([answer, late]);
    clearTimeout(timer);
    if (first === BLOCKED) this.blocked = { since, at: at(), answer };
    return first;
  }

  /** The agent's time at its latest event since the last move began (ms after ready), or `otherwise`. */
  private agentTime(otherwise: number): number {
    return this.agentNow === null ? otherwise : Math.max(this.recorder.t, this.agentNow - this.readyAt);
  }

  /**
   * The target has stopped answering: its event loop is held by synchronous code, an endless chain of
   * promise callbacks, or a synchronous wait. It can see no time pass while blocked, and under the real
   * clock the rest of the schedule would go on meanwhile — the grace period runs out, the SIGKILL comes.
   * So does the harness's: from the moment it asked, virtual time goes on at the real rate until the
   * target answers again or `t` is reached. Resolves true when the target answered (its clock then
   * catches up, firing what fell due while it was blocked, as a real one does after a block), false
   * when time reached `t` first.
   */
  private async waitWhileBlocked(t: number): Promise<boolean> {
    const blocked = this.blocked;
    if (!blocked) return true;
    const { since, at, answer } = blocked;
    const wait = since + (t - at) - monotonicMs();
    let timer: NodeJS.Timeout | undefined;
    const reached = new Promise<'reached'>((resolve) => {
      timer = setTimeout(() => resolve('reached'), Math.max(0, wait));
    });
    const outcome = await Promise.race([answer, reached]);
    clearTimeout(timer);
    if (outcome === 'reached') {
      this.recorder.t = Math.max(this.recorder.t, t);
      return false;
    }
    this.blocked = null;
    // Answered, or exited (null): either way the loop goes on from what the agent last said.
    if (outcome === null) return true;
    this.status = outcome;
    this.recorder.t = Math.max(this.recorder.t, Math.min(t, at + (monotonicMs() - since)));
    return true;
  }

  /**
   * Under the real clock, before the signal: an action planned for `t` took effect at `at` (monotonic
   * ms; now, by default), so the steps after it move by how late that was.
   */
  private slipPast(t: number, at = monotonicMs()): void {
    if (this.clock !== 'real' || this.signalled) return;
    const late = at - (this.realStart + this.slip + t * this.timeScale);
    if (late > 0) this.slip += late;
  }

  /**
   * When the current step's last effect on `client` happened (monotonic ms): a request the server read
   * late starts its answer late, and what follows must keep its distance from that moment — not from
   * when the harness finished asking the target whether it was idle, which is the harness's own time.
   */
  private lastEffect(client: string): number {
    let latest = -Infinity;
    for (const e of this.recorder.events()) {
      if (e.step === this.recorder.step && 'client' in e && e.client === client) latest = Math.max(latest, e.t);
    }
    return latest === -Infinity ? monotonicMs() : this.realStart + latest * this.timeScale;
  }

  private async sleepUntilReal(t: number, stopAtExit: boolean): Promise<void> {
    const wait = this.realStart + this.slip + t * this.timeScale - monotonicMs();
    if (wait > 0) {
      const { target } = this;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, wait);
        function done(): void {
          clearTimeout(timer);
          target.off('exit', done);
          resolve();
        }
        if (stopAtExit && target.alive) target.once('exit', done);
      });
    }
    // A busy machine wakes timers late, the harness's own included: before the signal, that moves the
    // schedule too.
    this.slipPast(t);
  }

  private expect(why: string, met: () => boolean): void {
    this.expectations.push({ why, met });
  }

  private hasEvent(predicate: (e: HistoryEvent) => boolean): boolean {
    return this.recorder.events().some(predicate);
  }

  /** Nothing in flight and no connection open, for every client (after the exit). */
  private clientsDone(): boolean {
    for (const client of this.clients.values()) {
      if (client.inFlight() > 0 || client.openConnections() > 0 || !client.acted()) return false;
    }
    return true;
  }

  /** Connections the server holds open for a client, from the agent's view. */
  private serverConnections(client: string): number {
    let open = 0;
    for (const e of this.recorder.events()) {
      if (e.type === 'server-connection-opened' && e.client === client) open++;
      if (e.type === 'server-connection-closed' && e.client === client) open--;
    }
    return open;
  }

  /** Turns each new event into the effects that must follow it before the step can end. */
  private deriveExpectations(): void {
    const events = this.recorder.events();
    for (; this.derived < events.length; this.derived++) {
      const e = events[this.derived];
      if (!e) continue;
      // Without an agent nobody reports what the server read, accepted or handled: a step waits for
      // what its clients see, and then for a quiet window (settleReal).
      if (!this.target.hasAgent && (e.type === 'request-sent' || e.type === 'client-connected' || e.type === 'signal-sent')) {
        continue;
      }
      switch (e.type) {
        case 'request-sent':
          this.expect(
            `the server to read request ${e.request} of client ${e.client}, or the client to see it fail`,
            () =>
              this.hasEvent(
                (x) =>
                  // An upgrade (a WebSocket handshake) is read without request.start being published.
                  (x.type === 'server-request-started' || x.type === 'server-upgrade' || x.type === 'request-outcome') &&
                  x.client === e.client &&
                  x.request === e.request,
              ),
          );
          break;
        case 'client-connected':
          // The client's side of a connection completes in the kernel, before the server's accept
          // callback has run: wait for the accept, so that the next step (a signal, say) finds the
          // connection where a real one would be, in the server's hands.
          this.expect(`the server to accept client ${e.client}'s connection`, () =>
            this.hasEvent(
              (x) =>
                (x.type === 'server-connection-opened' || x.type === 'connection-ended') &&
                x.client === e.client &&
                x.step >= e.step,
            ),
          );
          break;
        case 'server-response-finished':
          if (this.clients.has(e.client)) {
            this.expect(`client ${e.client} to see the end of response ${e.request}`, () =>
              this.hasEvent((x) => x.type === 'request-outcome' && x.client === e.client && x.request === e.request),
            );
          }
          break;
        case 'server-connection-closed': {
          const client = this.clients.get(e.client);
          if (client) {
            this.expect(
              `client ${e.client} to see its connection end`,
              () => client.openConnections() <= this.serverConnections(e.client),
            );
          }
          break;
        }
        case 'connection-ended': {
          // The mirror of the rule above: the client's side has closed; the server's close callbacks
          // (often the last thing before a drained server exits) must run in this step too.
          const client = this.clients.get(e.client);
          if (client) {
            this.expect(
              `the server to see client ${e.client}'s connection end`,
              () => !this.target.alive || this.serverConnections(e.client) <= client.openConnections(),
            );
          }
          break;
        }
        case 'signal-sent': {
          const handled = this.hasEvent((x) => x.type === 'signal-handler-added' && x.signal === e.signal);
          if (handled || !NON_FATAL_BY_DEFAULT.has(e.signal)) {
            this.expect(`the target to handle ${e.signal} or exit`, () =>
              this.hasEvent(
                (x) => x.type === 'target-exited' || (x.type === 'signal-handled' && x.signal === e.signal && x.step >= e.step),
              ),
            );
          }
          break;
        }
        case 'kill-sent':
          this.expect('the target to die of SIGKILL', () => !this.target.alive);
          break;
        case 'target-exited':
          this.expect('every client to see the exit', () => this.clientsDone());
          break;
        default:
          break;
      }
    }
  }

  /** Besides what events predict, every client must have finished its own part of each step. */
  private unmet(): Expectation | null {
    const pending = this.expectations.find((x) => !x.met());
    if (pending) return pending;
    for (const client of this.clients.values()) {
      if (!client.acted()) return { why: `client ${client.id} to finish its action`, met: () => client.acted() };
    }
    return null;
  }

  /**
   * Waits until every expected effect is observed and then, under the virtual clock, until nothing new
   * arrives for quietMs and the agent has answered after two idle turns of the target's event loop, with
   * no thread-pool request or socket write of the target's still in flight (see quietTurns in the
   * agent), and two turns of the harness's own loop have read what the target sent meanwhile.
   * Under the real clock, time does not wait: before the signal a step ends once its effects are seen
   * and the target's event loop has gone idle (what it does at once, such as answering a fast request,
   * is done; what waits on its timers is not); from the signal on only the run's `end` waits.
   */
  private async settle(end = false): Promise<void> {
    if (this.clock === 'real') return this.settleReal(end);
    // A blocked target can show no effect: what the step expects is waited for once it answers again.
    if (this.blocked && this.target.alive && !end) return;
    this.blocked = null;
    const deadline = performance.now() + this.watchdogMs;
    for (;;) {
      await this.waitUntil(() => this.unmet() === null, deadline);
      const seen = this.recorder.version;
      await new Promise((resolve) => setTimeout(resolve, this.quietMs));
      if (this.recorder.version !== seen) continue;
      if (this.target.alive) {
        const status = await this.ask('status');
        if (status === BLOCKED) {
          if (!end) return;
          // At the run's end every expected effect has been seen: a target still blocked is left to
          // the teardown.
          this.blocked = null;
          break;
        }
        this.status = status ?? this.status;
      }
      // The answer came after two idle turns of the target's loop, so whatever the target wrote to the
      // clients before it is in the harness's socket buffers; two turns of the harness's own loop read
      // it (a socket's data and the pipe's answer can fall in different polls).
      await harnessTurns(2);
      if (this.recorder.version !== seen || this.unmet() !== null) continue;
      // Nothing left that the agent can see — no timer, no listener, no connection — so a Node target
      // is on its way out: its exit belongs to this step, however slowly the machine delivers it.
      if (this.target.alive && this.status?.next === null && this.drained()) {
        await this.exitWithin(EXIT_WAIT_MS);
        if (this.recorder.version !== seen) continue;
      }
      break;
    }
    this.expectations = [];
  }

  private async settleReal(end: boolean): Promise<void> {
    if (this.signalled && !end) return;
    const deadline = performance.now() + this.watchdogMs;
    for (;;) {
      await this.waitUntil(() => this.unmet() === null, deadline);
      if (end || !this.target.alive) break;
      // The agent answers after two idle turns of the target's loop, and its events travel on the same
      // pipe as the answer: every event of what the target did at once is recorded by then. A command
      // has no agent: what it does at once (read a request, answer a fast one) is given a quiet window.
      const seen = this.recorder.version;
      if (this.target.hasAgent) await this.target.command('status');
      else await new Promise((resolve) => setTimeout(resolve, this.commandQuietMs));
      if (this.recorder.version === seen && this.unmet() === null) break;
    }
    this.expectations = [];
  }

  /** No listener and no server-side connection open, as the agent reported them. */
  private drained(): boolean {
    let listeners = 0;
    let connections = 0;
    for (const e of this.recorder.events()) {
      if (e.type === 'listening') listeners++;
      if (e.type === 'listener-closed') listeners--;
      if (e.type === 'server-connection-opened') connections++;
      if (e.type === 'server-connection-closed') connections--;
    }
    return listeners <= 0 && connections <= 0;
  }

  /** Resolves when the target has exited, or after `ms` real ms if it holds I/O the agent cannot see. */
  private exitWithin(ms: number): Promise<void> {
    const { target } = this;
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        target.off('exit', done);
        resolve();
      }
      target.once('exit', done);
    });
  }

  private waitUntil(condition: () => boolean, deadline: number): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      let late: NodeJS.Immediate | undefined;
      const check = (): void => {
        if (condition()) {
          cleanup();
          resolve();
        } else if (performance.now() >= deadline && late === undefined) {
          // Past the deadline, decide after one more poll phase: when the harness itself was held up,
          // its timers run before the I/O that arrived meanwhile is read (see startupTimer).
          late = setImmediate(() => {
            cleanup();
            if (condition()) return resolve();
            const why = this.unmet()?.why ?? 'the step to finish';
            reject(new WatchdogError(`no progress for ${this.watchdogMs} ms while waiting for ${why}`));
          });
        }
      };
      // Events wake the check at once; the poll catches client state that changes without one, and
      // the deadline.
      const poll = setInterval(check, 5);
      const cleanup = (): void => {
        clearInterval(poll);
        if (late !== undefined) clearImmediate(late);
        this.recorder.off('change', check);
      };
      this.recorder.on('change', check);
    });
  }
}
