import type { AgentControl } from '../target/agent-protocol.js';
import type { Target } from '../target/target.js';
import { monotonicMs, type Recorder } from './recorder.js';
import { WatchdogError } from './waits.js';

/** What ask() resolves with when the agent has not answered within BLOCKED_MS. */
export const BLOCKED = Symbol('blocked');

/** A target that keeps rescheduling short timers could step forever; this bounds one run. */
const MAX_STEPS = 200_000;
/**
 * How long (real ms) the agent may take to answer before the target counts as blocked: its event loop
 * held by synchronous code or an endless chain of promise callbacks. The agent answers after two idle
 * turns of that loop, which take well under this on a loaded machine.
 */
const BLOCKED_MS = 2000;

/**
 * The virtual clock as the executor drives it: the agent's last status, the time the target first
 * listened, and a target that stopped answering. Moves of time go through the agent, timer by timer.
 */
export class AgentClock {
  status: AgentControl | null = null;
  /** the agent's virtual time when the target first listened: the history's t = 0 */
  private readyAt = 0;
  /**
   * The target stopped answering at virtual time `at`, when the harness asked at `since` (monotonic
   * ms); `answer` resolves when it answers again, or with null once it has exited.
   */
  blocked: { since: number; at: number; answer: Promise<AgentControl | null> } | null = null;
  /** the agent's time at its latest event, on the scale of its status's `now` */
  private agentNow: number | null = null;

  constructor(
    private readonly target: Target,
    private readonly recorder: Recorder,
  ) {}

  /** Asks where the agent's clock stands once the target is up: that is t = 0. */
  async start(): Promise<void> {
    this.status = await this.target.command('status');
    this.readyAt = this.status?.now ?? 0;
  }

  /** An agent event carried the agent's virtual time `vt`. */
  heard(vt: number): void {
    this.agentNow = vt;
  }

  /**
   * Moves time to `t` (ms after ready). The agent moves its clock from timer to timer and stops at the
   * first one whose callbacks did something visible; that is a step of its own, at that timer's time,
   * settled before the clock moves on. Timers nobody could see fire (a heartbeat that only counts) cost
   * no step. A target that waits on something the virtual clock does not control ends the run
   * `unknown`, with the agent's reason. `settle` ends a step whose move was seen.
   */
  async advanceTo(t: number, settle: () => Promise<void>): Promise<void> {
    const { recorder, target } = this;
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
      if (answer === null || answer.observed) await settle();
    }
    recorder.t = Math.max(recorder.t, t);
  }

  /**
   * Asks the agent, and gives up waiting after BLOCKED_MS: the target is then blocked (see
   * waitWhileBlocked), since the virtual time `at()` gives (by default the current time).
   */
  async ask(
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
  agentTime(otherwise: number): number {
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
}
