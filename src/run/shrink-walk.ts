import type { Trial } from './property.js';

/**
 * A run made while shrinking one invariant that violated another not yet claimed: where it is in the
 * shrink walk (its path replays it), and the run itself.
 */
export interface SeenWhileShrinking {
  invariant: string;
  path: string;
  trial: Trial;
}

/** An invariant to shrink: the run that violated it first, and where that run is. */
export interface ToShrink {
  invariant: string;
  path: string;
  trial: Trial;
  /** the invariant whose shrinking ran it, when that run was a shrink run */
  foundWhileShrinking?: string;
}

/**
 * The fast-check path of each value a shrink tries, so that a value tried while shrinking can be
 * replayed on its own by its seed and path — as a counterexample of an invariant other than the one
 * being shrunk, which that value happened to violate.
 *
 * fast-check 4 (RunnerIterator and RunExecution in its check/runner) walks from a given `path` P: the
 * values of P's stream are tried in order from P itself; a failing value's shrinks are then tried in
 * order, from index 0; and each failure appends its index to the path of the failure before it
 * (`RunExecution.fail`), the first failure's index being added to P's last step (`mergePaths`). So a
 * tried value's path is the last failure's path and its index among that failure's shrinks. Pure.
 */
export class ShrinkWalk {
  /** the path of the last value that failed; null before any */
  private failed: string | null = null;
  /** how many values have been tried since the last failure (or since the start) */
  private tried = 0;
  private current: string | null = null;

  constructor(private readonly start: string) {}

  /** The path of the value tried next: call once for each value the property is called with. */
  next(): string {
    const index = this.tried++;
    this.current = this.failed === null ? offset(this.start, index) : `${this.failed}:${index}`;
    return this.current;
  }

  /** The value tried last failed: fast-check goes on with its shrinks. */
  fail(): void {
    if (this.current === null) throw new Error('ShrinkWalk.fail before any value was tried');
    this.failed = this.current;
    this.tried = 0;
  }

  /** the path of the last failing value, which fast-check reports as the counterexample's; null before any */
  get failure(): string | null {
    return this.failed;
  }
}

/** The path `index` values on from `path` in the same stream: its last step plus `index`. */
function offset(path: string, index: number): string {
  const steps = path.split(':');
  const last = Number(steps.pop());
  return [...steps, String(last + index)].join(':');
}
