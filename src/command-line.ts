/**
 * The pieces the command line is built from, in one object: the public API is what a test suite
 * needs, and these are there only so that the command line can be built on that API and nothing else.
 */
import { printable } from './report/printable.js';
import { replayArgs } from './report/report.js';
import { reportersNamed } from './report/reporters.js';
import { verdictLine } from './report/pretty.js';
import { BLOB_FILE } from './report/shard-blob.js';
import { COLOURED, PLAIN } from './report/style.js';
import { compareTargets } from './run/compare.js';
import { withLoadedConfig } from './config/loaded.js';
import { parseNodeVersions } from './node-binaries/version-spec.js';
import { readSetting } from './settings/kinds.js';
import { nearestName } from './settings/nearest.js';
import { SETTINGS } from './settings/table.js';

/**
 * What the command line is built from: `SETTINGS` (the table of every setting) and `readSetting` (one
 * read as a flag, config key or option would), `nearestName` (for "did you mean"), `reportersNamed`,
 * the `COLOURED` and `PLAIN` styles, `compareTargets`, `printable`,
 * `replayArgs`, `verdictLine`, `BLOB_FILE` (the file a shard writes for `merge`),
 * `parseNodeVersions` (--node's list, read before anything is fetched), and `withLoadedConfig` (the
 * options carrying the config file the command line loaded, so that the library loads it no more).
 */
export const commandLine = {
  SETTINGS,
  readSetting,
  nearestName,
  reportersNamed,
  COLOURED,
  PLAIN,
  compareTargets,
  printable,
  replayArgs,
  verdictLine,
  BLOB_FILE,
  parseNodeVersions,
  withLoadedConfig,
} as const;
