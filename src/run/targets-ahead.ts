import type { Target } from '../target/target.js';

/**
 * Targets started one run ahead: while a run executes, the target of the next one is already
 * starting, so a search pays a target's start-up once rather than once a run. At most one spare at a
 * time, for the whole search; a spare nobody takes is disposed of like any target.
 *
 * Only where the spare's wait cannot show in the history: under the virtual clock the agent holds the
 * target's time still until the run asks for it, so a target that waited idle for its run is the
 * target that started for it. Under the real clock its own timers would have run meanwhile.
 */
export class TargetsAhead {
  private spare: Promise<Target> | null = null;
  private closed = false;

  /** `first`: a target already started for the search (the probe's), taken by its first run */
  constructor(
    private readonly launch: () => Promise<Target>,
    first?: Target,
  ) {
    if (first) this.spare = Promise.resolve(first);
  }

  /** The spare when there is one, otherwise a target started now; starts the next spare either way. */
  take(): Promise<Target> {
    const target = this.spare ?? this.launch();
    this.spare = null;
    if (!this.closed) {
      const spare = this.launch();
      // Its failure is the next run's to report, when that run takes it; a spare nobody takes must not
      // fail the process as an unhandled rejection.
      spare.catch(() => undefined);
      this.spare = spare;
    }
    return target;
  }

  /** Disposes of the spare, if any; no spare is started after this. */
  async close(): Promise<void> {
    this.closed = true;
    const spare = this.spare;
    this.spare = null;
    if (!spare) return;
    try {
      await (await spare).dispose();
    } catch {
      // A spare that failed to start left nothing behind (launchTarget cleans up after itself).
    }
  }
}
