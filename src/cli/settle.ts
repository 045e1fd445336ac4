/**
 * What the command line decides itself — its reporters, its folder, its colour — when no flag gives
 * it: the config file's value, else the default. The rest goes to the library, handed the same file
 * as loaded here, which resolves it alike (flag > config > default). The file is loaded here once,
 * before anything runs, so that a bad one is one line and exit status 2 before any target starts.
 */
import { commandLine, ConfigError, loadConfig, type Config } from '../index.js';
import type { ReporterName } from './args.js';

/** The settings of run and compare the command line itself acts on, as the flags left them. */
interface Printing {
  config?: string;
  reporters?: ReporterName[];
  noColor?: boolean;
  out?: string;
}

/** The same, decided as far as the config file and the defaults go (the reporters' default depends on where it runs). */
export type Settled<C extends Printing> = C & { noColor: boolean; out: string };

/** The config file, for the command line and the library alike: null when there is none, the refusal's line when it is bad. */
export async function configOf(file: string | undefined): Promise<Config | null | { refused: string }> {
  try {
    return await loadConfig(process.cwd(), file);
  } catch (error) {
    if (error instanceof ConfigError) return { refused: error.message };
    throw error;
  }
}

/** The flags, with what they leave out taken from the config file, then the defaults. */
export function settle<C extends Printing>(command: C, config: Config | null): Settled<C> {
  const reporters = command.reporters ?? config?.reporter;
  return {
    ...command,
    ...(reporters !== undefined ? { reporters } : {}),
    noColor: command.noColor ?? config?.noColor ?? false,
    out: command.out ?? config?.out ?? commandLine.SETTINGS.out.default,
  };
}
