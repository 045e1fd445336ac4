/**
 * What the command line decides itself — its reporters, its folder, its colour — when no flag gives
 * it: the config file's value, else the default. The rest goes to the library, which reads the same
 * file and resolves it alike (flag > config > default). The file is loaded here before anything runs,
 * so that a bad one is one line and exit status 2 before any target starts.
 */
import { commandLine, ConfigError, loadConfig, type Config } from '../index.js';
import type { ReporterName } from './args.js';
import type { Io } from './io.js';

/** The settings of run and compare the command line itself acts on, as the flags left them. */
interface Printing {
  config?: string;
  reporters?: ReporterName[];
  noColor?: boolean;
  out?: string;
}

/** The same, each decided. */
export type Settled<C extends Printing> = C & { reporters: ReporterName[]; noColor: boolean; out: string };

/**
 * Under GitHub Actions (which sets GITHUB_ACTIONS=true in every step) a search annotates the run and
 * writes the job's summary page without being asked, as vitest's github-actions reporter does; a
 * `--reporter` or the config's `reporter` overrides it.
 */
function defaultReporters(env: Io['env']): ReporterName[] {
  return env.GITHUB_ACTIONS === 'true' ? ['pretty', 'github', 'summary'] : ['pretty'];
}

/** The config file as the library will read it: null when there is none, the refusal's line when it is bad. */
export async function configOf(file: string | undefined): Promise<Config | null | { refused: string }> {
  try {
    return await loadConfig(process.cwd(), file);
  } catch (error) {
    if (error instanceof ConfigError) return { refused: error.message };
    throw error;
  }
}

/** The flags, with what they leave out taken from the config file, then the defaults. */
export function settle<C extends Printing>(command: C, config: Config | null, env: Io['env']): Settled<C> {
  return {
    ...command,
    reporters: command.reporters ?? config?.reporter ?? defaultReporters(env),
    noColor: command.noColor ?? config?.noColor ?? false,
    out: command.out ?? config?.out ?? commandLine.SETTINGS.out.default,
  };
}
