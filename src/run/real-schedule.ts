import type { Target } from '../target/target.js';
import { monotonicMs, type Recorder } from './recorder.js';

/**
 * The real clock as the executor keeps it: the timeline is played at `timeScale` real ms per scenario
 * ms from t = 0, and before the signal it slips with steps that took longer than planned.
 */
export class RealSchedule {
  /** t = 0 on the monotonic clock (ms) */
  private start = 0;
  /**
   * How far (real ms) the schedule has slipped: before the signal each step waits for its effects, and
   * a step that took longer than planned moves everything after it, so that the signal meets the
   * clients in the state the scenario means and later actions keep their distance from it. From the
   * signal on nothing waits: the clients keep to the schedule as real traffic would.
   */
  private slip = 0;
  signalled = false;

  constructor(
    private readonly target: Target,
    private readonly recorder: Recorder,
    private readonly timeScale: number,
  ) {}

  /** Now is t = 0: the history is stamped in scenario ms from here. */
  begin(): void {
    this.start = monotonicMs();
    this.recorder.useRealTime(this.start, this.timeScale);
  }

  /**
   * Before the signal: an action planned for `t` took effect at `at` (monotonic ms; now, by default),
   * so the steps after it move by how late that was.
   */
  slipPast(t: number, at = monotonicMs()): void {
    if (this.signalled) return;
    const late = at - (this.start + this.slip + t * this.timeScale);
    if (late > 0) this.slip += late;
  }

  /**
   * When the current step's last effect on `client` happened (monotonic ms): a request the server read
   * late starts its answer late, and what follows must keep its distance from that moment — not from
   * when the harness finished asking the target whether it was idle, which is the harness's own time.
   */
  lastEffect(client: string): number {
    let latest = -Infinity;
    for (const e of this.recorder.events()) {
      if (e.step === this.recorder.step && 'client' in e && e.client === client) latest = Math.max(latest, e.t);
    }
    return latest === -Infinity ? monotonicMs() : this.start + latest * this.timeScale;
  }

  /** Sleeps until `t`; with `stopAtExit` (the nemesis's actions: nobody is left to signal) an exit ends it early. */
  async sleepUntil(t: number, stopAtExit: boolean): Promise<void> {
    const wait = this.start + this.slip + t * this.timeScale - monotonicMs();
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
}
