/** Why a target could not be brought up; each kind has its own one-line message and exit status 3. */
export type TargetFailure =
  | { kind: 'missing'; entry: string }
  | { kind: 'crashed'; code: number | null; signal: string | null; exception: string | null }
  /** it died of EADDRINUSE: a port it asked for is taken (kept as asked with --keep-ports) */
  | { kind: 'port-in-use'; port: number | null; keepPorts: boolean }
  | { kind: 'exited-before-listening'; code: number | null; signal: string | null }
  | { kind: 'never-listened'; timeoutMs: number };

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
    case 'port-in-use': {
      const port = failure.port === null ? 'a port it asked for' : `port ${failure.port}`;
      return failure.keepPorts
        ? `target ${target} could not listen: ${port} is already in use (EADDRINUSE); stop what listens there, or drop --keep-ports to let the harness give the target a free port`
        : `target ${target} could not listen: ${port} is already in use (EADDRINUSE), on a listen the harness does not remap (a worker thread's or a child process's); stop what listens there`;
    }
    case 'exited-before-listening':
      return `target ${target} ${exitText(failure.code, failure.signal)} before it listened on a port; it must start a server and keep running`;
    case 'never-listened':
      return `target ${target} did not listen on a port within ${failure.timeoutMs} ms; check that it calls listen(), or raise --startup-timeout`;
  }
}

/**
 * The port of an uncaught EADDRINUSE, from the message Node gives it (`listen EADDRINUSE: address
 * already in use :::3000`, or `127.0.0.1:3000`); null for an exception of another kind. The agent
 * reports an exception as its name and message, so the message is all there is to read.
 */
export function portInUse(exception: string | null): { port: number | null } | null {
  if (exception === null || !/\bEADDRINUSE\b/.test(exception)) return null;
  const port = /:(\d+)\s*$/.exec(exception)?.[1];
  return { port: port === undefined ? null : Number(port) };
}
