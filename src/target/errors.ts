import { CLUSTER_NEEDS_REAL_CLOCK } from './agent-protocol.js';

/** Why a target could not be brought up; each kind has its own one-line message and exit status 3. */
export type TargetFailure =
  | { kind: 'missing'; entry: string }
  /** a TypeScript entry, and no TypeScript loader installed where the target could load it */
  | { kind: 'needs-loader'; loader: string }
  | { kind: 'crashed'; code: number | null; signal: string | null; exception: string | null }
  /** it forked a node:cluster worker under the virtual clock, which the agent refuses */
  | { kind: 'cluster-needs-real-clock' }
  /** it died of EADDRINUSE: a port it asked for is taken (kept as asked with --keep-ports) */
  | { kind: 'port-in-use'; port: number | null; keepPorts: boolean }
  | { kind: 'exited-before-listening'; code: number | null; signal: string | null }
  | { kind: 'never-listened'; timeoutMs: number }
  /** a command target (`--cmd`) ended before it was ready */
  | { kind: 'command-exited'; code: number | null; signal: string | null }
  /** a command target was still not ready at the start-up timeout */
  | { kind: 'command-never-ready'; timeoutMs: number; port: number; portEnv: string | null; readyPattern: string | null }
  /** something else already listens on the port a command target was told to use (`--port`) */
  | { kind: 'command-port-in-use'; port: number }
  /** the proxy put in front of the target (`--proxy nginx`) did not start; `detail` is its own last words */
  | { kind: 'proxy-failed'; proxy: string; detail: string };

/**
 * The target could not be brought up (missing, crashed or exited during start-up, never listened):
 * `failure` says which, `stderrTail` holds the last lines it wrote to stderr.
 */
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
    case 'needs-loader':
      return `target ${target} is TypeScript, which Node 20 does not run by itself, and ${failure.loader} is not installed where it could be loaded; run npm install --save-dev ${failure.loader} in its project, or pass the compiled .js`;
    case 'crashed':
      return `target ${target} crashed during start-up${failure.exception ? ` (${failure.exception})` : ''} and ${exitText(failure.code, failure.signal)}; run it by hand to see the full error`;
    case 'cluster-needs-real-clock':
      return `target ${target} forks node:cluster workers, and a cluster runs under the real clock only (the virtual clock would drive the primary's timers but not its workers'); pass --clock real`;
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
    case 'command-port-in-use':
      return `port ${failure.port} is already in use by another process; stop that process, or let the harness choose a free port with --port-env <NAME>`;
    case 'proxy-failed':
      return `the ${failure.proxy} proxy in front of target ${target} did not start (${failure.detail}); run the harness again, or without --proxy`;
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

/** Whether an uncaught exception is the agent's refusal of a node:cluster fork under the virtual clock. */
export function refusedCluster(exception: string | null): boolean {
  return exception !== null && exception.includes(CLUSTER_NEEDS_REAL_CLOCK);
}
