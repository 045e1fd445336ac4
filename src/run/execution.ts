import { DEFAULT_SETTLE_MS } from '../checkers/checker.js';
import type { Client, Routes } from '../clients/client.js';
import { createClient } from '../clients/create.js';
import { Nemesis } from '../nemesis/nemesis.js';
import { compileTimeline, type Action } from '../scenario/timeline.js';
import type { Scenario } from '../scenario/types.js';
import type { AgentControl } from '../target/agent-protocol.js';
import type { ClockMode, Target } from '../target/target.js';
import { AgentClock, BLOCKED } from './agent-clock.js';
import type { RunOptions, RunStatus } from './executor.js';
import { clientsDone, drained, expectationOf, proxyDone, type Expectation } from './expectations.js';
import type { Front } from './proxy-in-loop.js';
import { RealSchedule } from './real-schedule.js';
import { recordExit } from './record-exit.js';
import { Recorder } from './recorder.js';
import { h2OverTls } from './h2-transport.js';
import { exitWithin, harnessTurns, waitUntil, WatchdogError } from './waits.js';
import { Wire } from './wire.js';

/**
 * No fixed quiet window by default: a step ends on what is observed — the expected effects, the agent's
 * answer after its target's loop went idle, and both sides of every connection agreeing on what was
 * sent (see settle). A window only makes each step slower.
 */
const DEFAULT_QUIET_MS = 0;
const DEFAULT_WATCHDOG_MS = 10_000;
/** How long a step waits for the exit of a target that has nothing left (see settle). */
const EXIT_WAIT_MS = 1000;
/** The shortest quiet window of a step against a command target (real ms), however small the time scale. */
const MIN_COMMAND_QUIET_MS = 10;

/**
 * The step-locked executor. Each step is one action (a client act, a signal, the kill) or one move of
 * the virtual clock to the next due timer; after each, it waits until the effects it can predict are
 * observed (the server read the request, or the client saw it fail; a finished response reached its
 * client; an exit reached every client), until the target is idle and each side of every connection
 * has read what the other sent (see wire.ts), and only then moves time or acts again. That is what
 * makes one scenario give one history, however slowly the machine moves the bytes.
 */
export class Execution {
  readonly recorder = new Recorder();
  private readonly wire = new Wire();
  private readonly clients = new Map<string, Client>();
  private readonly nemesis: Nemesis;
  private readonly agentClock: AgentClock;
  private readonly real: RealSchedule;
  private expectations: Expectation[] = [];
  private derived = 0;
  /** the recorder's agentVersion when the target was last seen alive with nothing left (see settle) */
  private lingering = -1;
  private readonly quietMs: number;
  private readonly watchdogMs: number;
  private readonly commandQuietMs: number;
  private readonly timeScale: number;
  private readonly routes: Routes;

  constructor(
    private readonly target: Target,
    private readonly scenario: Scenario,
    private readonly options: RunOptions,
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
    this.agentClock = new AgentClock(target, this.recorder);
    this.real = new RealSchedule(target, this.recorder, this.timeScale);
  }

  /**
   * `front`: a proxy in front of the target (see proxy-in-loop.ts). The clients talk to its port, and
   * it is told to quit once its part of the run is over (see proxyDone in expectations.ts).
   */
  async execute(front?: Front): Promise<RunStatus> {
    const { recorder, target } = this;
    if (this.clock === 'real') this.real.begin();
    for (const event of target.events) recorder.recordAgent(event);
    target.on('event', (event) => {
      if (event.vt !== undefined) this.agentClock.heard(event.vt);
      recorder.recordAgent(event);
    });
    const onExit = (): void => recordExit(target, recorder);
    if (target.alive) target.once('exit', onExit);
    else onExit();
    recorder.on('change', () => this.deriveExpectations());

    // Behind the proxy the clients speak clear HTTP/1.1 to nginx, whatever the target serves upstream.
    const [port, tls] = front === undefined ? [target.port, await h2OverTls(target, this.scenario, this.options.protocols)] : [front.port, false];
    if (port === null) return { status: 'unknown', reason: 'the target reported no port' };
    for (const spec of this.scenario.clients) {
      this.clients.set(
        spec.id,
        createClient(spec, {
          host: '127.0.0.1',
          port,
          routes: this.routes,
          tls,
          // Nobody scales a command's clock: the durations it must honour itself are scaled in its routes.
          ...(target.hasAgent ? {} : { targetScale: this.timeScale }),
          record: (event) => recorder.record(event),
          bindSocket: (socket) => {
            if (socket.localPort !== undefined) recorder.bindPort(socket.localPort, spec.id);
            this.wire.add(spec.id, socket);
          },
        }),
      );
    }

    try {
      if (this.clock === 'virtual') {
        await this.agentClock.start();
      }
      await this.settle();
      for (const action of compileTimeline(this.scenario)) {
        if (action.kind !== 'client' && !target.alive) continue;
        await this.advanceTo(action.at, action.kind !== 'client');
        // The target may have exited on a timer on the way: nobody is left to signal.
        if (action.kind !== 'client' && !target.alive) continue;
        recorder.beginStep();
        await this.perform(action);
        if (action.kind === 'signal') this.real.signalled = true;
        await this.settle();
        if (action.kind === 'client' && this.clock === 'real') this.real.slipPast(action.at, this.real.lastEffect(action.client));
      }
      if (front) {
        this.expectations.push(...proxyDone({ target, recorder, clients: this.clients }));
        await this.settle(true);
        front.quit();
      }
      this.expectations.push({ why: 'every client to finish', met: () => clientsDone(this.clients) });
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

  private async perform(action: Action): Promise<void> {
    switch (action.kind) {
      case 'client':
        this.clients.get(action.client)?.act(action.op);
        return;
      case 'signal': {
        // The keep-alive race on purpose: each of these clients stops reading its idle connection, the
        // signal goes, the target does at once what it does on the signal (closing its idle
        // connections, say), and only then the requests go out, on connections whose clients have not
        // read what the server sent meanwhile: the server's FIN and the request cross, as they do on a
        // real network, whatever the order in which the target's event loop woke.
        const alongside = (action.alongside ?? []).flatMap(({ client, op }) => {
          const c = this.clients.get(client);
          return c ? [{ c, op }] : [];
        });
        for (const { c } of alongside) c.holdIdleConnection?.();
        this.nemesis.signal(action.signal, action.nth);
        if (alongside.length > 0) await this.targetTookTheSignal();
        for (const { c, op } of alongside) c.act(op);
        return;
      }
      case 'kill':
        this.nemesis.killAtDeadline();
        return;
    }
  }

  /**
   * The target has run what it does at once on the signal, as far as the harness can know: the agent
   * answers after two idle turns of its event loop (the signal's handler runs in the first turn after
   * the signal arrives), with no time moved; a command is given a quiet window.
   */
  private async targetTookTheSignal(): Promise<void> {
    if (!this.target.alive) return;
    if (!this.target.hasAgent) await new Promise((resolve) => setTimeout(resolve, this.commandQuietMs));
    else if (this.clock === 'virtual') await this.agentClock.ask('status');
    else await this.target.command('status');
  }

  /**
   * Moves time to `t` (ms after ready): under the virtual clock through the agent, timer by timer (see
   * AgentClock.advanceTo); under the real clock by sleeping, where with `stopAtExit` (the nemesis's
   * actions: nobody is left to signal) an exit ends the wait early.
   */
  private advanceTo(t: number, stopAtExit: boolean): Promise<void> {
    if (this.clock === 'real') return this.real.sleepUntil(t, stopAtExit);
    return this.agentClock.advanceTo(t, () => this.settle());
  }

  /** Turns each new event into the effects that must follow it before the step can end. */
  private deriveExpectations(): void {
    const events = this.recorder.events();
    const view = { target: this.target, recorder: this.recorder, clients: this.clients };
    for (; this.derived < events.length; this.derived++) {
      const e = events[this.derived];
      const expectation = e ? expectationOf(e, view) : null;
      if (expectation) this.expectations.push(expectation);
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

  private waitForEffects(deadline: number): Promise<void> {
    return waitUntil(this.recorder, () => this.unmet() === null, deadline, this.watchdogMs, () => this.unmet()?.why ?? 'the step to finish');
  }

  /**
   * Waits until every expected effect is observed and then, under the virtual clock, until the agent has
   * answered after two idle turns of the target's event loop, with
   * no thread-pool request or socket write of the target's still in flight (see quietTurns in the
   * agent), and the byte counts of both sides of every connection agree: nothing either side sent is
   * still on its way to the other, which might answer it (a close frame, a FIN), and no socket a client
   * destroyed is still to emit the 'close' on which the client records the end (see wire.ts).
   * Under the real clock, time does not wait: before the signal a step ends once its effects are seen
   * and the target's event loop has gone idle (what it does at once, such as answering a fast request,
   * is done; what waits on its timers is not); from the signal on only the run's `end` waits.
   */
  private async settle(end = false): Promise<void> {
    if (this.clock === 'real') return this.settleReal(end);
    // A blocked target can show no effect: what the step expects is waited for once it answers again.
    if (this.agentClock.blocked && this.target.alive && !end) return;
    this.agentClock.blocked = null;
    const deadline = performance.now() + this.watchdogMs;
    for (;;) {
      await this.waitForEffects(deadline);
      const seen = this.recorder.version;
      if (this.quietMs > 0) {
        await new Promise((resolve) => setTimeout(resolve, this.quietMs));
        if (this.recorder.version !== seen) continue;
      }
      let status: AgentControl | null = null;
      if (this.target.alive) {
        const answer = await this.agentClock.ask('status');
        if (answer === BLOCKED) {
          if (!end) return;
          // At the run's end every expected effect has been seen: a target still blocked is left to
          // the teardown.
          this.agentClock.blocked = null;
          break;
        }
        status = answer;
        this.agentClock.status = answer ?? this.agentClock.status;
      }
      // The answer came after two idle turns of the target's loop, so whatever the target wrote to the
      // clients before it is in the harness's socket buffers; two turns of the harness's own loop read
      // it (a socket's data and the pipe's answer can fall in different polls).
      await harnessTurns(2);
      if (this.recorder.version !== seen || this.unmet() !== null) continue;
      if (this.wire.bytesInFlight(status, this.target.alive, deadline, this.watchdogMs)) continue;
      // Nothing left that the agent can see — no timer, no listener, no connection — so a Node target
      // is on its way out: its exit belongs to this step, however slowly the machine delivers it.
      if (this.target.alive && this.agentClock.status?.next === null && drained(this.recorder) && this.lingering !== this.recorder.agentVersion) {
        await exitWithin(this.target, EXIT_WAIT_MS);
        if (this.recorder.version !== seen) continue;
        // Still alive: something the agent cannot see holds it (a UDP socket, a pipe). Waiting again in
        // each later step would cost as much and show nothing new until the target does something.
        this.lingering = this.recorder.agentVersion;
      }
      break;
    }
    this.expectations = [];
  }

  private async settleReal(end: boolean): Promise<void> {
    if (this.real.signalled && !end) return;
    const deadline = performance.now() + this.watchdogMs;
    for (;;) {
      await this.waitForEffects(deadline);
      if (end || !this.target.alive) break;
      // The agent answers after two idle turns of the target's loop, and its events travel on the same
      // pipe as the answer: every event of what the target did at once is recorded by then. A command
      // has no agent: what it does at once (read a request, answer a fast one) is given a quiet window.
      const seen = this.recorder.version;
      const status = this.target.hasAgent ? await this.target.command('status') : await new Promise<null>((resolve) => setTimeout(() => resolve(null), this.commandQuietMs));
      if (this.recorder.version === seen && this.unmet() === null && !this.wire.bytesInFlight(status, this.target.alive, deadline, this.watchdogMs)) break;
    }
    this.expectations = [];
  }
}
