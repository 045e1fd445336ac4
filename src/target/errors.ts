/** Why a target could not be brought up; each kind has its own one-line message and exit status 3. */
export type TargetFailure =
  | { kind: 'missing'; entry: string }
  | { kind: 'crashed'; code: number | null; signal: string | null; exception: string | null }
  | { kind: 'exited-before-listening'; code: number | null; signal: string | null }
  | { kind: 'never-listened'; timeoutMs: number }
  /** a command target (`--cmd`) ended before it was ready */
  | { kind: 'command-exited'; code: number | null; signal: string | null }
  /** a command target was still not ready at the start-up timeout */
  | { kind: 'command-never-ready'; timeoutMs: number; port: number; portEnv: string | null; readyPattern: string | null }
  /** something else already listens on the port a command target was told to use */
  | { kind: 'port-in-use'; port: number };

export class TargetError extends Error {
  constructor(
    readonly failure: TargetFailure,
    readonly target: string,
    readonly stderrTail: readonly string[],
  ) {
    super(describeFailure(failure, target));
    this.name = 'TargetError';
  }
}

function exitText(code: number | null, signal: string | null): string {
  return signal ? `was killed by ${signal}` : `exited with code ${code}`;
}

/** One line: what is wrong, and what to do. */
export function describeFailure(failure: TargetFailure, target: string): string {
  switch (failure.kind) {
    case 'missing':
      return `target ${target} not found (looked for ${failure.entry}); pass --target the path of your server's entry file`;
    case 'crashed':
      return `target ${target} crashed during start-up${failure.exception ? ` (${failure.exception})` : ''} and ${exitText(failure.code, failure.signal)}; run it by hand to see the full error`;
    case 'exited-before-listening':
      return `target ${target} ${exitText(failure.code, failure.signal)} before it listened on a port; it must start a server and keep running`;
    case 'never-listened':
      return `target ${target} did not listen on a port within ${failure.timeoutMs} ms; check that it calls listen(), or raise --startup-timeout`;
    case 'command-exited': {
      // POSIX shells exit 127 when the command is not found, 126 when it cannot be executed.
      const why = failure.code === 127 ? ' (127: the shell did not find the command)' : failure.code === 126 ? ' (126: the command is not executable)' : '';
      return `command ${JSON.stringify(target)} ${exitText(failure.code, failure.signal)}${why} before it was ready; run it by hand to see why: it must start a server and keep running`;
    }
    case 'command-never-ready': {
      const { timeoutMs, port, portEnv, readyPattern } = failure;
      if (readyPattern !== null) {
        return `command ${JSON.stringify(target)} printed no stdout line matching /${readyPattern}/ within ${timeoutMs} ms; check --ready-pattern, or raise --startup-timeout`;
      }
      const given = portEnv !== null ? ` (given to it in $${portEnv})` : '';
      return `command ${JSON.stringify(target)} did not accept connections on port ${port}${given} within ${timeoutMs} ms; make it listen on 127.0.0.1:${port}, or raise --startup-timeout`;
    }
    case 'port-in-use':
      return `port ${failure.port} is already in use by another process; stop that process, or let the harness choose a free port with --port-env <NAME>`;
  }
}
