/**
 * Where a setting's value is decided, for every command: the flag (or the library option), else the
 * config file, else the table's default. Pure.
 */
import type { Config } from '../config/validate.js';
import { SETTINGS, type HasDefault, type Setting, type SettingName, type ValueOf } from './table.js';

/** The settings as given on the command line or in code, read (durations in ms); a setting left out is undefined. */
export type GivenSettings = { [N in SettingName]?: ValueOf<N> };

/** The settings once decided, each the flag's, else the config file's, else the default. */
export type ResolvedSettings<N extends SettingName> = { [K in N]: HasDefault<K> extends true ? ValueOf<K> : ValueOf<K> | undefined };

/** A config file keeps a duration in ms under the key's name with `Ms` after it (config/validate.ts). */
function configValue<N extends SettingName>(name: N, config: Config | null): ValueOf<N> | undefined {
  const setting: Setting<unknown> = SETTINGS[name];
  if (config === null || setting.key === null) return undefined;
  const field = setting.kind.type === 'duration' ? `${setting.key}Ms` : setting.key;
  // The validator stores each key's value as the row reads it; Config is that record under its field names.
  return (config as unknown as Record<string, ValueOf<N> | undefined>)[field];
}

/** One setting: the flag's (or option's) value, else the config file's, else the default. */
export function resolveSetting<N extends SettingName>(name: N, given: GivenSettings, config: Config | null): ValueOf<N> | undefined {
  const setting = SETTINGS[name] as Setting<ValueOf<N>>;
  return (given[name] as ValueOf<N> | undefined) ?? configValue(name, config) ?? setting.default;
}

/** The settings `names`, each decided by resolveSetting. */
export function resolveSettings<N extends SettingName>(names: readonly N[], given: GivenSettings, config: Config | null): ResolvedSettings<N> {
  const resolved: Partial<ResolvedSettings<N>> = {};
  for (const name of names) resolved[name] = resolveSetting(name, given, config);
  // Every name was just assigned, possibly undefined, which the type allows.
  return resolved as ResolvedSettings<N>;
}

/** What a search (run, compare, and the run a replay is) decides from its flags or options and its config file. */
export const SEARCH_SETTINGS = ['grace', 'signal', 'profile', 'clients', 'runs', 'seed', 'startupTimeout', 'keepPorts', 'cmd', 'port', 'portEnv', 'readyPattern'] as const;

/** What a load run decides from its flags and its config file. */
export const LOAD_SETTINGS = ['grace', 'signal', 'startupTimeout', 'keepPorts', 'strict', 'connections', 'rate', 'duration', 'signalAt', 'mix'] as const;

/** A search's settings, decided in one place. */
export function resolveSearch(given: GivenSettings, config: Config | null): ResolvedSettings<(typeof SEARCH_SETTINGS)[number]> {
  return resolveSettings(SEARCH_SETTINGS, given, config);
}

/** A load run's settings, decided in one place. */
export function resolveLoad(given: GivenSettings, config: Config | null): ResolvedSettings<(typeof LOAD_SETTINGS)[number]> {
  return resolveSettings(LOAD_SETTINGS, given, config);
}

/** A setting that has a default, decided: never undefined. */
export function resolveRequired<N extends SettingName>(name: N, given: GivenSettings, config: Config | null): ValueOf<N> {
  const value = resolveSetting(name, given, config);
  if (value === undefined) throw new Error(`resolveRequired: the setting ${name} has no default`);
  return value;
}
