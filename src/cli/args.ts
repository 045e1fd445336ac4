import { parseArgs } from 'node:util';
import { SIGNALS, type SignalName } from '../scenario/types.js';
import { parseDuration } from '../config/duration.js';

export class UsageError extends Error {}

/** What the command line says; a flag left out is undefined, so that the config file can supply it. */
export interface RunCommand {
  command: 'run';
  target: string;
  config?: string;
  clock?: 'virtual' | 'real';
  graceMs?: number;
  signal?: SignalName;
  keepPorts?: boolean;
  startupTimeoutMs?: number;
  strict: boolean;
}

export type Command = RunCommand | { command: 'help' } | { command: 'version' };

const OPTIONS = {
  target: { type: 'string' },
  clock: { type: 'string' },
  grace: { type: 'string' },
  signal: { type: 'string' },
  'keep-ports': { type: 'boolean' },
  'startup-timeout': { type: 'string' },
  config: { type: 'string' },
  strict: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

function duration(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
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
  const clock = values.clock;
  if (clock !== undefined && clock !== 'virtual' && clock !== 'real') {
    throw new UsageError(`--clock ${clock} is not a clock; use virtual or real`);
  }
  const signal = values.signal;
  if (signal !== undefined && !(SIGNALS as readonly string[]).includes(signal)) {
    throw new UsageError(`--signal ${signal} is not supported; use one of ${SIGNALS.join(', ')}`);
  }
  const command: RunCommand = { command: 'run', target: values.target, strict: values.strict ?? false };
  if (values.config !== undefined) command.config = values.config;
  if (clock !== undefined) command.clock = clock;
  const graceMs = duration('grace', values.grace);
  if (graceMs !== undefined) command.graceMs = graceMs;
  if (signal !== undefined) command.signal = signal as SignalName;
  if (values['keep-ports'] !== undefined) command.keepPorts = values['keep-ports'];
  const startupTimeoutMs = duration('startup-timeout', values['startup-timeout']);
  if (startupTimeoutMs !== undefined) command.startupTimeoutMs = startupTimeoutMs;
  return command;
}
