import { readFileSync } from 'node:fs';
import { checkAll } from '../checkers/catalogue.js';
import { ConfigError, loadConfig, type Config } from '../config/config.js';
import { formatTimeline } from '../report/timeline-text.js';
import { formatVerdicts } from '../report/verdict-text.js';
import { runScenario } from '../run/executor.js';
import { DEFAULT_GRACE_MS, type Scenario, type SignalName } from '../scenario/types.js';
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
  --config <file>            a config file (default: shutdown-check.config.{js,mjs,json} in the
                             working directory): routes, allowed exit codes, grace, signal, ...
  --strict                   warnings fail the run too
  -h, --help                 this text
  -v, --version              the version

Examples:
  shutdown-check --target ./server.js
  shutdown-check --target ./server.js --grace 10s --clock real

Exit status: 0 every invariant holds · 1 an invariant is violated · 2 bad usage or config ·
3 the target or the harness failed (or a verdict could not be reached)`;

/** What one run uses: the command line's flags, else the config file's values, else the defaults. */
interface Settings {
  target: string;
  clock: 'virtual' | 'real';
  graceMs: number;
  signal: SignalName;
  keepPorts: boolean;
  startupTimeoutMs: number;
  strict: boolean;
  config: Config | null;
}

function settle(command: RunCommand, config: Config | null): Settings {
  return {
    target: command.target,
    clock: command.clock ?? 'virtual',
    graceMs: command.graceMs ?? config?.graceMs ?? DEFAULT_GRACE_MS,
    signal: command.signal ?? config?.signal ?? 'SIGTERM',
    keepPorts: command.keepPorts ?? config?.keepPorts ?? false,
    startupTimeoutMs: command.startupTimeoutMs ?? config?.startupTimeoutMs ?? 10_000,
    strict: command.strict,
    config,
  };
}

/** The fixed scenario the command runs: one request in flight when the signal goes. */
export function inFlightScenario(settings: Pick<Settings, 'signal' | 'graceMs'>): Scenario {
  return {
    clients: [{ kind: 'http', id: 'A', at: 0, path: '/', holdMs: 1000 }],
    signal: settings.signal,
    signalAt: 100,
    graceMs: settings.graceMs,
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
  let config: Config | null;
  try {
    config = await loadConfig(process.cwd(), command.config);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.err(`shutdown-check: ${error.message}`);
    return EXIT.usage;
  }
  const settings = settle(command, config);
  const scenario = inFlightScenario(settings);
  try {
    const result = await runScenario(scenario, {
      entry: settings.target,
      clock: settings.clock,
      keepPorts: settings.keepPorts,
      startupTimeoutMs: settings.startupTimeoutMs,
      ...(config ? { routes: config.routes } : {}),
    });
    const report = checkAll(result.history, scenario, {
      strict: settings.strict,
      ...(config?.allowedExitCodes ? { allowedExitCodes: config.allowedExitCodes } : {}),
      ...(config ? { websocketCloseCodes: config.websocketCloseCodes } : {}),
    });
    io.out(`shutdown-check ${version()}: ${settings.target}, ${settings.clock} clock`);
    io.out(
      `scenario: client A sends GET / (held 1000 ms); ${scenario.signal} at ${scenario.signalAt} ms; grace ${scenario.graceMs} ms`,
    );
    io.out('');
    io.out(formatTimeline(result.history));
    io.out('');
    io.out(formatVerdicts(report));
    io.out(`history sha256 ${result.historyHash} (${result.history.length} events, ${result.meta.wallMs} ms of wall time)`);
    if (result.run.status === 'unknown') {
      io.err(`shutdown-check: the run could not finish: ${result.run.reason}`);
      return EXIT.failed;
    }
    return report.verdict === 'pass' ? EXIT.ok : report.verdict === 'fail' ? EXIT.violated : EXIT.failed;
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
