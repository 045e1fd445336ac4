/**
 * `shutdown-check merge <dirs...>`: reads the blob.json each shard wrote, has the library merge them
 * into the report of the whole search, and prints and writes it as a search's own report. It reads the
 * config file as the other commands do, for the settings that apply to it (its reporters, colour and
 * folder), so that the merged report is printed and written where and as the runs' own were.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { commandLine, mergeShards, type Report } from '../index.js';
import { flag, flagOptions, usageOf, UsageError, type Values } from './args.js';
import { oneConfig } from './words.js';
import { EXIT, type ExitStatus } from './exit-codes.js';
import type { Io } from './io.js';
import { present, shellOf, type Shell } from './present.js';
import { settingsHelp } from './settings-help.js';
import { configOf, settle } from './settle.js';

const { reportersNamed, BLOB_FILE: BLOB } = commandLine;

// --config as a list, so that a second one is refused rather than taking the last.
const OPTIONS = { ...flagOptions('merge'), config: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } } as const;

export const MERGE_HELP = `shutdown-check merge — the report of a search run in shards

Usage:
  shutdown-check merge <dir> <dir> ... [options]

Each <dir> is the --out folder of one run with --shard i/n (or its ${BLOB}). Writes report.json and
the reporters' files as one unsharded search of the same seeds would.

Options:
${settingsHelp('merge', 27)}

--reporter, --no-color and --out may also be given in the config file (reporter, noColor, out), as
for run; its other keys are the shards' and are not read here.

Exit status: 0 every invariant holds · 1 an invariant is violated · 2 bad usage or config, or shards
that are not every part of one search · 3 the merged search reached no verdict, or its files could not be written`;

/** A blob's text, read from a folder or a file; the line telling why it cannot be read. */
function readBlob(given: string): { source: string; blob: unknown } | string {
  let file = given;
  try {
    if (statSync(given).isDirectory()) file = path.join(given, BLOB);
  } catch {
    // Not there: reading it below says so.
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const why = error instanceof Error ? (error.message.split(',')[0] ?? error.message) : String(error);
    return `cannot read ${file} (${why}); give the --out folder of each shard run with --shard i/n`;
  }
  try {
    return { source: given, blob: JSON.parse(text) as unknown };
  } catch {
    return `${file} is not JSON; give the ${BLOB} a shard wrote, as it wrote it`;
  }
}

/** The merged report, or the line telling why there is none (bad usage or config: exit status 2). */
async function merged(argv: string[], io: Io): Promise<{ report: Report; shell: Shell; out: string } | 'help' | string> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    return usageOf(error, OPTIONS, 'shutdown-check merge --help', argv).message;
  }
  const values = parsed.values as Values;
  if (values.help === true) return 'help';
  if (parsed.positionals.length === 0) return `merge takes the --out folders of the shards (each holds a ${BLOB}); give every shard's`;
  let shell: Shell;
  let out: string;
  try {
    const reporters = flag('reporter', values);
    const noColor = flag('noColor', values);
    const given = flag('out', values);
    const config = await configOf(oneConfig(values));
    if (config !== null && 'refused' in config) return config.refused;
    // The flags, else the config file, else the defaults: as run and compare settle them.
    const settled = settle({ ...(reporters !== undefined ? { reporters } : {}), ...(noColor !== undefined ? { noColor } : {}), ...(given !== undefined ? { out: given } : {}) }, config);
    shell = shellOf(settled, io);
    out = settled.out;
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  // Checked before any blob is read, as a search checks it before it runs.
  const refusal = reportersNamed(shell.names).folderRefusal(out);
  if (refusal !== null) return refusal;
  const blobs = [];
  for (const dir of parsed.positionals) {
    const read = readBlob(dir);
    if (typeof read === 'string') return read;
    blobs.push(read);
  }
  const result = mergeShards(blobs);
  return result.kind === 'refused' ? result.line : { report: result.report, shell, out };
}

export async function mergeCommand(argv: string[], io: Io): Promise<ExitStatus> {
  const result = await merged(argv, io);
  if (result === 'help') {
    io.out(MERGE_HELP);
    return EXIT.ok;
  }
  if (typeof result === 'string') {
    io.err(`shutdown-check: ${result}`);
    return EXIT.usage;
  }
  return present(result.report, result.shell, result.out, io);
}
