/** Why a target could not be brought up; each kind has its own one-line message and exit status 3. */
export type TargetFailure =
  | { kind: 'missing'; entry: string }
  | { kind: 'crashed'; code: number | null; signal: string | null; exception: string | null }
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
    case 'exited-before-listening':
      return `target ${target} ${exitText(failure.code, failure.signal)} before it listened on a port; it must start a server and keep running`;
    case 'never-listened':
      return `target ${target} did not listen on a port within ${failure.timeoutMs} ms; check that it calls listen(), or raise --startup-timeout`;
  }
}
