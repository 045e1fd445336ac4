/**
 * The words of a command line before any flag is read as a setting: the verb or the target that stands
 * for it, negative numbers as values, parseArgs's refusals as one line, and the config files given.
 */
import { commandLine } from '../index.js';

const { nearestName, readSetting, SETTINGS } = commandLine;

export class UsageError extends Error {}

/** The flags as parseArgs gives them: text, true for a boolean flag, a list for a repeatable one. */
export type Values = Record<string, string | boolean | string[] | undefined>;

/**
 * Joins a flag that takes a value to a following negative number (`--seed -3` → `--seed=-3`).
 * parseArgs reads any argument that starts with a dash as an option, and so `--runs -1` as a flag
 * missing its value; but no option of this command line starts with a dash and a digit, so such an
 * argument is a value — valid (a negative seed) or refused as the number it is (`--runs -1`). Nothing
 * after `--` is touched.
 */
export function negativeValuesJoined(argv: readonly string[], options: Readonly<Record<string, { type: 'string' | 'boolean' }>>): string[] {
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      joined.push(...argv.slice(i));
      break;
    }
    const next = argv[i + 1];
    const takesValue = arg.startsWith('--') && options[arg.slice(2)]?.type === 'string';
    if (takesValue && next !== undefined && /^-\.?\d/.test(next)) {
      joined.push(`${arg}=${next}`);
      i++;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

const COMMANDS = ['run', 'compare', 'replay', 'load', 'merge'];

/**
 * The verb and its arguments; a first word that is no command is the target of `run`
 * (`shutdown-check server.js`), unless it reads as a misspelt command rather than a file.
 */
export function commandWords(positionals: readonly string[], targetFlag: boolean): string[] {
  const [first] = positionals;
  if (first === undefined || COMMANDS.includes(first)) return [...positionals];
  const fileLike = /[./\\]/.test(first);
  const near = fileLike ? null : nearestName(first, COMMANDS);
  // With --target given, a bare word that is no command is taken for a wrong command, not a second target.
  if (near === null && targetFlag && !fileLike) throw new UsageError(`unknown command '${first}'; the commands are run, compare, replay, load and merge`);
  if (near !== null) throw new UsageError(`unknown command '${first}'; did you mean ${near}? (a target file is named with its extension or path, e.g. ./${first}.js)`);
  return ['run', ...positionals];
}

/** `run`'s target: the one argument after the verb, or `--target`; not both, and not two. */
export function positionalTarget(args: readonly string[], flagged: string | undefined, verb = 'run'): string | undefined {
  if (args.length > 1) {
    throw new UsageError(`${verb} takes one target, not ${args.length} (${args.join(', ')})${verb === 'run' ? '; to search several, use compare' : ''}`);
  }
  const [given] = args;
  if (given !== undefined && flagged !== undefined) throw new UsageError(`the target is named twice, as ${given} and --target ${flagged}; give one`);
  const target = given ?? flagged;
  if (target !== undefined && target.trim() === '') throw new UsageError('the target is empty; give the entry file of your server, e.g. ./server.js');
  return target;
}

/**
 * parseArgs's error as one line naming the flag and what to do; `options` are the flags accepted,
 * `argv` the arguments parsed. A long name with one dash (`-target`) reaches parseArgs as a cluster of
 * short flags and fails on its first letter (`-t`): the word as it was typed is named instead.
 */
export function usageOf(error: unknown, options: object, help = 'shutdown-check --help', argv: readonly string[] = []): UsageError {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /Unknown option '([^']+)'/.exec(message);
  if (unknown) {
    const flag = unknown[1] as string;
    const word = flag.startsWith('--') ? undefined : argv.find((a) => /^-[^-]/.test(a) && a.length > 2 && a.startsWith(flag));
    const given = word?.split('=')[0] ?? flag;
    const near = given.startsWith('-') && given.length > 2 ? nearestName(given.replace(/^--?/, ''), Object.keys(options)) : null;
    return new UsageError(`unknown option ${given}; ${near !== null ? `did you mean --${near}?` : `see ${help} for the options`}`);
  }
  const ambiguous = /Option '([^']+)' argument is ambiguous/.exec(message);
  if (ambiguous) {
    return new UsageError(`${ambiguous[1]} needs a value; for one that starts with a dash write ${ambiguous[1]}=<value>`);
  }
  // parseArgs's other messages name the flag too (a missing value, say); keep their first sentence.
  const first = message.split('\n')[0]?.replace(/\.$/, '') ?? message;
  return new UsageError(`${first}; see ${help}`);
}

/** `--config` given as text, each time it is given. */
function configFlags(values: Values): string[] {
  const given = values.config;
  const all = given === undefined ? [] : Array.isArray(given) ? given : [String(given)];
  for (const file of all) {
    const read = readSetting(SETTINGS.config, 'flag', file);
    if (!read.ok) throw new UsageError(read.message);
  }
  return all;
}

/** run's one config file. */
export function oneConfig(values: Values): string | undefined {
  const all = configFlags(values);
  if (all.length > 1) throw new UsageError(`--config is given ${all.length} times (${all.join(', ')}); give one config file (compare alone takes one per target, as --config <target>=<file>)`);
  return all[0];
}

/** compare's config files: at most one shared, and one of a target's own per target (`<target>=<file>`). */
export function compareConfigs(values: Values): { shared: string | undefined; own: Record<string, string> } {
  let shared: string | undefined;
  const own: Record<string, string> = {};
  for (const given of configFlags(values)) {
    const at = given.indexOf('=');
    if (at < 0) {
      if (shared !== undefined) throw new UsageError(`--config ${given}: a shared config is given already (${shared}); a target's own is --config <target>=<file>`);
      shared = given;
      continue;
    }
    const [target, file] = [given.slice(0, at), given.slice(at + 1)];
    if (target === '' || file === '') throw new UsageError(`--config ${given} names no ${target === '' ? 'target' : 'file'}; a target's own config is --config <target>=<file>, e.g. --config a.js=a.config.json`);
    if (own[target] !== undefined) throw new UsageError(`--config gives ${target} two config files (${own[target]} and ${file}); give one`);
    own[target] = file;
  }
  return { shared, own };
}

