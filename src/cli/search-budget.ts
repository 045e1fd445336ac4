import { ConfigError, loadConfig, resolveSettings } from '../index.js';

/** A search's runs and seed as the command line decides them: the flag, else the config file, else the default. */
export interface SearchBudget {
  runs: number;
  /** undefined: neither the flag nor the config file gives one */
  seed: number | undefined;
}

/**
 * Reads the config file for the search's runs and seed — the progress line counts runs against it, and
 * compare gives every target the same seed — or tells the config file's error and gives 'bad'. The
 * library reads the same file again for the rest: one file, one meaning (settings/table.ts).
 */
export async function searchBudget(
  command: { config?: string; runs?: number; seed?: number },
  err: (line: string) => void,
): Promise<SearchBudget | 'bad'> {
  let config;
  try {
    config = await loadConfig(process.cwd(), command.config);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    err(`shutdown-check: ${error.message}`);
    return 'bad';
  }
  const given = { ...(command.runs !== undefined ? { runs: command.runs } : {}), ...(command.seed !== undefined ? { seed: command.seed } : {}) };
  const { runs, seed } = resolveSettings(['runs', 'seed'], given, config);
  return { runs, seed };
}
