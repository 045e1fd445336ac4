import { SETTINGS, type SettingName } from './table.js';

/**
 * The command-line words that give a setting `value`, which reading them gives back: a duration in
 * ms, a list comma-separated (`none` for an empty one), a boolean flag present or not. Values are as a report keeps them (a signal as any string), so typed loosely. Pure.
 */
export function settingWords(name: SettingName, value: string | number | boolean | readonly string[]): string[] {
  const setting = SETTINGS[name];
  if (setting.flag === null) throw new Error(`settingWords: ${name} has no flag`);
  const flag = `--${setting.flag}`;
  switch (setting.kind.type) {
    case 'boolean':
      return value === true ? [flag] : [];
    case 'duration':
      return [flag, `${String(value)}ms`];
    case 'list':
      return [flag, Array.isArray(value) && value.length > 0 ? value.join(',') : 'none'];
    default:
      return [flag, String(value)];
  }
}
