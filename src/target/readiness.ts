import { accepts } from './ports.js';
import { startupTimer } from './startup-timer.js';

/** How a command target says it is ready to serve. */
export type Readiness =
  /** a TCP connection to the port is accepted */
  | { kind: 'accepts'; port: number }
  /** a line of its stdout matches */
  | { kind: 'stdout'; pattern: RegExp };

export type ReadyOutcome = { kind: 'ready' } | { kind: 'exited' } | { kind: 'timeout' };

const POLL_MS = 20;

/**
 * Waits until the target is ready, has exited, or `timeoutMs` has passed. `lines` registers a callback
 * for each stdout line; `exited` resolves when the process has exited.
 */
export function waitUntilReady(
  readiness: Readiness,
  watch: { lines: (onLine: (line: string) => void) => () => void; exited: Promise<unknown> },
  timeoutMs: number,
): Promise<ReadyOutcome> {
  return new Promise((resolve) => {
    let done = false;
    let poll: NodeJS.Timeout | undefined;
    const stopLines = watch.lines((line) => {
      if (readiness.kind === 'stdout' && readiness.pattern.test(line)) finish({ kind: 'ready' });
    });
    const cancel = startupTimer(timeoutMs, () => finish({ kind: 'timeout' }));
    void watch.exited.then(() => finish({ kind: 'exited' }));
    function finish(outcome: ReadyOutcome): void {
      if (done) return;
      done = true;
      cancel();
      clearTimeout(poll);
      stopLines();
      resolve(outcome);
    }
    if (readiness.kind === 'accepts') {
      const { port } = readiness;
      const tryConnect = async (): Promise<void> => {
        if (done) return;
        if (await accepts(port)) return finish({ kind: 'ready' });
        if (!done) poll = setTimeout(() => void tryConnect(), POLL_MS);
      };
      void tryConnect();
    }
  });
}
