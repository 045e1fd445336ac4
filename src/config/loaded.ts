/**
 * A config file loaded once and carried with the options to every part of the library that reads it.
 *
 * A config file may be a module with effects (an `.mjs` that reads the environment, fetches a secret,
 * logs), and loading it again could even give another config than the one checked first. So the
 * command line loads it once, before anything runs, and hands the result down; the library, called
 * from a test suite without the command line, finds and loads the file itself.
 *
 * The loaded config rides on the options under a symbol of this module: it is no option a user
 * writes, so it stays out of the public option types and out of the report's settings.
 */
import type { Config } from './validate.js';
import { loadConfig } from './load.js';

/** Exported for the declaration of Preloaded only; the library's index leaves it out. */
export const LOADED: unique symbol = Symbol('shutdown-check loaded config');

/** Options that may carry the config file, already loaded (null: there is none). */
export interface Preloaded {
  readonly [LOADED]?: Config | null;
}

/** `options` carrying `config`, loaded from the file `options.config` names (or found for it). */
export function withLoadedConfig<O extends object>(options: O, config: Config | null): O & Preloaded {
  return { ...options, [LOADED]: config };
}

/**
 * The config the options carry, else the one `config` names (or the one found in the working
 * directory), loaded now. Rejects with ConfigError as loadConfig does.
 */
export async function configFor(options: { config?: string | undefined } & Preloaded): Promise<Config | null> {
  const loaded = options[LOADED];
  return loaded !== undefined ? loaded : loadConfig(process.cwd(), options.config);
}
