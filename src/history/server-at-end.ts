/**
 * What a process does on SIGTERM, from the SigIgn and SigCgt masks of /proc/<pid>/status: `handled`
 * (a handler is installed; not told for a Node process, which catches SIGTERM whether or not the app
 * listens for it, so its disposition is `unknown`), `ignored`
 * (SIG_IGN, as under nohup), `default` (the signal kills it: a process still alive after it was sent
 * never got it).
 */
export type Disposition = 'handled' | 'ignored' | 'default';

/**
 * Where the process that listens stood when the harness SIGKILLed what was left of a command target
 * (at the grace end, or when the process the command started exited, as a container ends with its
 * PID 1). No pids: the history must be the same from run to run.
 */
export type ServerAtEnd =
  /** the process the harness signalled owned the listening socket itself */
  | { kind: 'recipient'; command: string }
  | {
      kind: 'other';
      /** the command line of the process that got the signal */
      recipient: string;
      server: string;
      /** `gone`: it had exited; `not-listening`: it had closed its listener; `listening`: neither */
      state: 'gone' | 'not-listening' | 'listening';
      sigterm: Disposition | 'unknown';
    }
  | { kind: 'unknown'; reason: string };
