import { readFileSync } from 'node:fs';
import { formatTimeline } from '../report/timeline-text.js';
import { runScenario } from '../run/executor.js';
import type { Scenario } from '../scenario/types.js';
import { TargetError } from '../target/errors.js';
import { parseCommand, UsageError, type RunCommand } from './args.js';
import { EXIT, type ExitStatus } from './exit-codes.js';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

const defaultIo: Io = {
  out: (text) => process.stdout.write(text + '\n'),
  err: (text) => process.stderr.write(text + '\n'),
};

export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

const HELP = `shutdown-check — proves whether a server shuts down correctly

Usage:
  shutdown-check [run] --target <file> [options]

Options:
  --target <file>            the server's entry file (a Node program that listens)
  --clock virtual|real       virtual (default): the harness owns the target's timers, so a 30 s
                             drain costs milliseconds; real: nothing is faked
  --grace <duration>         from the signal to the SIGKILL (default 30s)
  --signal <name>            SIGTERM (default), SIGINT, SIGHUP, SIGQUIT, SIGUSR1 or SIGUSR2
  --keep-ports               let the target listen on the port it asks for (default: remapped to a
                             free one, so runs can go in parallel)
  --startup-timeout <dur>    how long to wait for the first listener (default 10s)
  -h, --help                 this text
  -v, --version              the version

Examples:
  shutdown-check --target ./server.js
  shutdown-check --target ./server.js --grace 10s --clock real

Exit status: 0 the run completed · 2 bad usage · 3 the target or the harness failed`;

/** The fixed scenario the command runs: one request in flight when the signal goes. */
export function inFlightScenario(command: RunCommand): Scenario {
  return {
    clients: [{ kind: 'http', id: 'A', at: 0, path: '/', holdMs: 1000 }],
    signal: command.signal,
    signalAt: 100,
    graceMs: command.graceMs,
    profile: 'immediate',
  };
}

export async function main(argv: string[], io: Io = defaultIo): Promise<ExitStatus> {
  let command;
  try {
    command = parseCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`shutdown-check: ${error.message}`);
    return EXIT.usage;
  }
  if (command.command === 'help') {
    io.out(HELP);
    return EXIT.ok;
  }
  if (command.command === 'version') {
    io.out(version());
    return EXIT.ok;
  }
  return run(command, io);
}

async function run(command: RunCommand, io: Io): Promise<ExitStatus> {
  const scenario = inFlightScenario(command);
  try {
    const result = await runScenario(scenario, {
      entry: command.target,
      clock: command.clock,
      keepPorts: command.keepPorts,
      startupTimeoutMs: command.startupTimeoutMs,
    });
    io.out(`shutdown-check ${version()}: ${command.target}, ${command.clock} clock`);
    io.out(
      `scenario: client A sends GET / (held 1000 ms); ${scenario.signal} at ${scenario.signalAt} ms; grace ${scenario.graceMs} ms`,
    );
    io.out('');
    io.out(formatTimeline(result.history));
    io.out('');
    io.out(`history sha256 ${result.historyHash} (${result.history.length} events, ${result.meta.wallMs} ms of wall time)`);
    if (result.run.status === 'unknown') {
      io.err(`shutdown-check: the run could not finish: ${result.run.reason}`);
      return EXIT.failed;
    }
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof TargetError)) throw error;
    io.err(`shutdown-check: ${error.message}`);
    if (error.stderrTail.length > 0) {
      io.err("  last lines of the target's stderr:");
      for (const line of error.stderrTail.slice(-10)) io.err(`  | ${line}`);
    }
    return EXIT.failed;
  }
}
