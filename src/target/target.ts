import type { EventEmitter } from 'node:events';
import type { AgentControl, AgentEvent } from './agent-protocol.js';
import type { ServerAtEnd } from './server-process.js';

export type ClockMode = 'virtual' | 'real';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * A running target as the executor and the nemesis drive it: a Node entry file with the agent inside
 * (launch.ts), or any command without one (command.ts). Emits 'event' (what the agent saw; never for
 * a command) and 'exit' (once the process has exited and every event has been read).
 */
export interface Target extends EventEmitter<{ event: [AgentEvent]; exit: [Exit] }> {
  readonly pid: number;
  readonly clock: ClockMode;
  /** an agent runs inside the target and reports what it sees */
  readonly hasAgent: boolean;
  /** the port clients connect to, once the target is ready */
  readonly port: number | null;
  readonly exitStatus: Exit | null;
  readonly alive: boolean;
  readonly stdoutTail: readonly string[];
  readonly stderrTail: readonly string[];
  /** every event the agent has reported so far (always empty without an agent) */
  readonly events: readonly AgentEvent[];
  readonly exited: Promise<Exit>;
  /** asks the agent for its clock and what it serves; resolves null without an agent or after the exit */
  command(op: 'status' | 'advance', to?: number): Promise<AgentControl | null>;
  /** sends a signal to the target process itself, as a container runtime does to PID 1 */
  signal(signal: NodeJS.Signals): void;
  /**
   * Where the process that listens stood when the harness ended the run (the SIGKILL at the grace
   * end, or the exit of the process it started), taken at the first call; null where the harness
   * started and signals the listening process itself (a Node target).
   */
  serverAtEnd(): ServerAtEnd | null;
  /** kills the target's whole process group and waits for the exit */
  dispose(): Promise<Exit>;
}
