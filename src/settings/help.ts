import { SETTINGS, type Mode, type Setting } from './table.js';

/**
 * The options part of `--help` for a command, one entry per row of the table that belongs to it, in
 * the table's order; `width` is where the descriptions start. Pure.
 */
export function settingsHelp(mode: Mode, width: number): string {
  const rows = Object.values(SETTINGS) as Setting<unknown>[];
  const lines: string[] = [];
  for (const setting of rows) {
    if (setting.flag === null || !setting.modes.includes(mode)) continue;
    const label = `  --${setting.flag}${setting.arg !== undefined ? ` ${setting.arg}` : ''}`;
    const [first = '', ...rest] = (mode === 'load' ? setting.loadHelp : undefined) ?? setting.help;
    lines.push(`${label.padEnd(width - 1)} ${first}`);
    for (const more of rest) lines.push(`${' '.repeat(width)}${more}`);
  }
  return lines.join('\n');
}
