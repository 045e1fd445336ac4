import type { Recorder } from './recorder.js';
import type { Target } from '../target/target.js';

/** A step that made no progress within the watchdog's time: the run ends with verdict `unknown`. */
export class WatchdogError extends Error {}

/** Resolves after `n` turns of the harness's event loop: what had arrived meanwhile has been read. */
export function harnessTurns(n: number): Promise<void> {
  return new Promise((resolve) => {
    const turn = (left: number): void => {
      if (left === 0) resolve();
      else setImmediate(() => turn(left - 1));
    };
    turn(n);
  });
}

/** Resolves when the target has exited, or after `ms` real ms if it holds I/O the agent cannot see. */
export function exitWithin(target: Target, ms: number): Promise<void> {
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

/**
 * Resolves once `condition` holds; rejects with WatchdogError, naming what `waitingFor` says was still
 * awaited, when `deadline` (performance.now()) passes first.
 */
export function waitUntil(
  recorder: Recorder,
  condition: () => boolean,
  deadline: number,
  watchdogMs: number,
  waitingFor: () => string,
): Promise<void> {
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
          reject(new WatchdogError(`no progress for ${watchdogMs} ms while waiting for ${waitingFor()}`));
        });
      }
    };
    // Events wake the check at once; the poll catches client state that changes without one, and
    // the deadline.
    const poll = setInterval(check, 5);
    const cleanup = (): void => {
      clearInterval(poll);
      if (late !== undefined) clearImmediate(late);
      recorder.off('change', check);
    };
    recorder.on('change', check);
  });
}
