import type { NemesisEvent } from '../history/events.js';
import type { SignalName } from '../scenario/types.js';
import type { Target } from '../target/target.js';
import { signalGroup } from '../target/process-group.js';

/** What sends faults to the target: the signal(s), and the SIGKILL at the end of the grace period. */
export class Nemesis {
  constructor(
    private readonly target: Target,
    private readonly record: (event: NemesisEvent) => void,
  ) {}

  /** Sends the signal to the target process, as a container runtime sends it to PID 1. */
  signal(signal: SignalName, nth: number): void {
    this.record({ type: 'signal-sent', signal, nth });
    this.target.signal(signal);
  }

  /**
   * SIGKILL to the whole process group, as the kubelet does when terminationGracePeriodSeconds runs
   * out: the container's every process dies, not just the one that got SIGTERM.
   */
  killAtDeadline(): void {
    this.record({ type: 'kill-sent', reason: 'grace-expired' });
    // Where the server stood, seen before the SIGKILL changes it.
    this.target.serverAtEnd();
    signalGroup(this.target.pid, 'SIGKILL');
  }
}
