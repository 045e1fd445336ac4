import { parseArgs } from 'node:util';
import { SIGNALS, type SignalName } from '../scenario/types.js';
import { parseDuration } from '../config/duration.js';

export class UsageError extends Error {}

export interface RunCommand {
  command: 'run';
  target: string;
  clock: 'virtual' | 'real';
  graceMs: number;
  signal: SignalName;
  keepPorts: boolean;
  startupTimeoutMs: number;
}

export type Command = RunCommand | { command: 'help' } | { command: 'version' };

const OPTIONS = {
  target: { type: 'string' },
  clock: { type: 'string' },
  grace: { type: 'string' },
  signal: { type: 'string' },
  'keep-ports': { type: 'boolean' },
  'startup-timeout': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

function duration(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const ms = parseDuration(value);
  if (ms === null || ms <= 0) throw new UsageError(`--${flag} ${value} is not a duration; use e.g. 30s, 500ms or 2m`);
  return ms;
}

/** Parses the command line; throws UsageError with one line that names the bad flag and what it accepts. */
export function parseCommand(argv: string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const unknown = /Unknown option '([^']+)'/.exec(message);
    if (unknown) {
      const known = Object.keys(OPTIONS).map((name) => `--${name}`);
      throw new UsageError(`unknown option ${unknown[1]}; the options are ${known.join(', ')}`);
    }
    // parseArgs's other messages name the flag too (a missing value, say); keep their first sentence.
    throw new UsageError(`${message.split('. ')[0]}; see shutdown-check --help`);
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  if (values.version) return { command: 'version' };
  const [verb, ...rest] = positionals;
  if (verb !== undefined && verb !== 'run') {
    throw new UsageError(`unknown command '${verb}'; the command is: run`);
  }
  if (rest.length > 0) throw new UsageError(`unexpected argument '${rest[0]}'; see shutdown-check --help`);
  if (values.target === undefined) throw new UsageError('--target <file> is required: the entry file of your server');
  const clock = values.clock ?? 'virtual';
  if (clock !== 'virtual' && clock !== 'real') {
    throw new UsageError(`--clock ${clock} is not a clock; use virtual or real`);
  }
  const signal = values.signal ?? 'SIGTERM';
  if (!(SIGNALS as readonly string[]).includes(signal)) {
    throw new UsageError(`--signal ${signal} is not supported; use one of ${SIGNALS.join(', ')}`);
  }
  return {
    command: 'run',
    target: values.target,
    clock,
    graceMs: duration('grace', values.grace, 30_000),
    signal: signal as SignalName,
    keepPorts: values['keep-ports'] ?? false,
    startupTimeoutMs: duration('startup-timeout', values['startup-timeout'], 10_000),
  };
}
