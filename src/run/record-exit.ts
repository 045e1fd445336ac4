import type { Target } from '../target/target.js';
import type { Recorder } from './recorder.js';

/**
 * What the history gets when the target exits: the exit, and for a command target where its server
 * stood when the harness SIGKILLed what was left (taken before that SIGKILL; see server-process.ts).
 */
export function recordExit(target: Target, recorder: Recorder): void {
  const exit = target.exitStatus;
  if (exit) recorder.record({ type: 'target-exited', code: exit.code, signal: exit.signal });
  const at = target.serverAtEnd();
  if (at) recorder.record({ type: 'server-process', at });
}
