/**
 * The configuration file: `shutdown-check.config.{js,mjs,json}` in the working directory, or the file
 * given with `--config`. Validation is pure (validate.ts); finding and loading files is in load.ts.
 */
export { ConfigError, expandRoute, parseConfig } from './validate.js';
export type { Config, ConfigRoutes, OrdinaryRequest } from './validate.js';
export { searchOptionsFromConfig } from './search-options.js';
export type { ConfigSearchOptions } from './search-options.js';
export { CONFIG_FILE_NAMES, findConfigFile, loadConfig } from './load.js';
