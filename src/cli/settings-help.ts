import { commandLine } from '../index.js';

const { SETTINGS } = commandLine;

type Mode = 'run' | 'compare' | 'load' | 'merge';

/** What `--help` reads of a row of the settings table. */
interface HelpRow {
  flag: string | null;
  arg?: string;
  help: readonly string[];
  loadHelp?: readonly string[];
  mergeHelp?: readonly string[];
  modes: readonly Mode[];
}

/**
 * The options part of `--help` for a command, one entry per row of the settings table that belongs to
 * it, in the table's order; `width` is where the descriptions start. Pure.
 */
export function settingsHelp(mode: Mode, width: number): string {
  const rows = Object.values(SETTINGS) as readonly HelpRow[];
  const lines: string[] = [];
  for (const setting of rows) {
    if (setting.flag === null || !setting.modes.includes(mode)) continue;
    const label = `  --${setting.flag}${setting.arg !== undefined ? ` ${setting.arg}` : ''}`;
    const own = mode === 'load' ? setting.loadHelp : mode === 'merge' ? setting.mergeHelp : undefined;
    const [first = '', ...rest] = own ?? setting.help;
    lines.push(`${label.padEnd(width - 1)} ${first}`);
    for (const more of rest) lines.push(`${' '.repeat(width)}${more}`);
  }
  return lines.join('\n');
}
