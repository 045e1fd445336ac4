import { readSetting, type Kind } from '../settings/kinds.js';
import type { GivenSettings } from '../settings/resolve.js';
import { SETTINGS, type Setting, type SettingName } from '../settings/table.js';

/**
 * A bad option given to the library's functions: one line naming the option and what it accepts. The
 * command line reports it as bad usage (exit status 2).
 */
export class OptionsError extends Error {
  override readonly name = 'OptionsError';
  /** the same line worded with the command line's flags (`--port-env`), for the command line to print */
  readonly flagMessage: string;

  constructor(message: string, flagMessage?: string) {
    super(message);
    this.flagMessage = flagMessage ?? message;
  }
}

/** A duration option: milliseconds (a fraction rounds to the nearest ms), or a string such as '30s', '500ms' or '2m'. */
export type Duration = number | string;

/** An option outside the settings table (`maxClients`, `focus[0]`), read as a row of `kind` would be. */
function option<V>(name: string, kind: Kind, value: unknown): V | undefined {
  const read = readSetting<V>({ flag: null, key: null, option: name, kind }, 'option', value);
  if (!read.ok) throw new OptionsError(read.message);
  return read.value;
}

/** `min` 0 accepts a zero duration (a moment, not a length: the signal's own instant); the default is 1. */
export function durationOption(name: string, value: Duration | undefined, min: 0 | 1 = 1): number | undefined {
  return option<number>(name, { type: 'duration', min }, value);
}

export function integerOption(name: string, value: number | undefined, min: number): number | undefined {
  return option<number>(name, { type: 'integer', min }, value);
}

export function oneOfOption<T extends string>(name: string, value: T | undefined, allowed: readonly T[]): T | undefined {
  return option<T>(name, { type: 'choice', values: allowed, what: 'accepted' }, value);
}

export function listOption<T extends string>(name: string, value: readonly T[] | undefined, allowed: readonly T[]): T[] | undefined {
  return option<T[]>(name, { type: 'list', values: allowed, what: 'the values', empty: true }, value);
}

/**
 * The library options among `names`, each read as its row of the settings table says; throws
 * OptionsError with one line for the first refused.
 */
export function readOptions(options: object, names: readonly SettingName[]): GivenSettings {
  const given: Record<string, unknown> = {};
  for (const name of names) {
    const setting: Setting<unknown> = SETTINGS[name];
    if (setting.option === null) continue;
    const read = readSetting(setting, 'option', (options as Record<string, unknown>)[setting.option]);
    if (!read.ok) throw new OptionsError(read.message);
    if (read.value !== undefined) given[name] = read.value;
  }
  // Each value was read by its own row, so it has that row's type.
  return given as GivenSettings;
}
