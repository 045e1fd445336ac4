/**
 * `compare`: the same search — same seed, same budget — against each target in turn, then one matrix
 * of strategies × invariants. The loop over targets lives here with every other launch of a target;
 * what is printed, and the exit status, belong to the caller.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { checkShutdown, type CheckShutdownOptions } from '../api/check-shutdown.js';
import { version } from '../api/version.js';
import { compareRow, formatCompareMarkdown, formatCompareText, type CompareRow, type Comparison } from '../report/compare.js';
import type { Report } from '../report/report.js';
import { outDirRefusal, writeFiles, writeReports, type Written } from '../report/reporters.js';
import { COMPARE_FILES, writeComparison } from '../report/write.js';
import { ConfigError, loadConfig, type Config } from '../config/config.js';
import { configFor, withLoadedConfig, type Preloaded } from '../config/loaded.js';
import { resolveSettings } from '../settings/resolve.js';
import { SETTINGS } from '../settings/table.js';
import { nodeBinaries } from '../node-binaries/node-binary.js';

export interface CompareTargetsOptions extends Preloaded {
  /** the targets (files) and folders (their .js, .mjs and .cjs files) to compare */
  targets: readonly string[];
  /** the seed every search starts from (default: the config file's, else a random one) */
  seed?: number;
  /** each search's runs (default: the config file's, else 100) */
  runs?: number;
  /** where compare.md, compare.html and compare.json go; each target's report goes in a folder of its own under it */
  out: string;
  /** the config file the command line named; checked before any target starts */
  config?: string;
  /**
   * a target's own config file, in place of `config` for that target, keyed by the target as named
   * (or as a file of a folder named); each is checked before any target starts
   */
  configs?: Readonly<Record<string, string>>;
  /** the reporters whose files each target's folder gets */
  reporters: readonly string[];
  /** the library's options for one target's search; its `runs` and `seed` are the comparison's */
  searchOptions: (target: string) => CheckShutdownOptions;
  /**
   * the Node releases to run the one target under (`20,22,24`, as --node takes them): the matrix then
   * has one row per release instead of one per target
   */
  node?: string;
  /** called before each target's search (with `node`: before each release's, named `node 22.12.0`) */
  onTarget?: (target: string) => void;
  /** called with each target's report */
  onReport?: (report: Report) => void;
  /**
   * called when a target's search rejects: `stop` ends the comparison (bad usage), `go-on` records the
   * target as an error row and goes on to the next
   */
  onRejected: (error: unknown) => 'stop' | 'go-on';
  /**
   * once every target is searched, before compare.json, compare.md and compare.html are written: the
   * matrix as the terminal shows it, and as compare.md (and a job's summary page) shows it
   */
  onCompared?: (text: string, markdown: string) => void;
}

export type CompareOutcome =
  /** nothing ran: `line` says why (the folder cannot take the files, a bad config, no target) */
  | { kind: 'refused'; line: string }
  | { kind: 'stopped' }
  /** `writeFailure`: why a file could not be written; once one failed, no more were written */
  | { kind: 'compared'; comparison: Comparison; writeFailure: string | null };

/** The targets a compare names: files as given, folders as the .js, .mjs and .cjs files in them. */
export function expandTargets(targets: readonly string[]): string[] {
  return targets.flatMap((t) =>
    existsSync(t) && statSync(t).isDirectory()
      ? readdirSync(t)
          .filter((f) => /\.(m|c)?js$/.test(f))
          .sort()
          .map((f) => path.join(t, f))
      : [t],
  );
}

/**
 * Runs each target's search, writes its report into a folder of its own, then compare.json, compare.md
 * and compare.html. A failure to write loses no verdict: it is returned, and nothing more is written.
 * The exit status is the caller's: every row's verdict is in the comparison.
 */
export async function compareTargets(options: CompareTargetsOptions): Promise<CompareOutcome> {
  // Checked before anything runs: a comparison must not run for minutes and then find it cannot write.
  const refusal = outDirRefusal('--out', options.out, COMPARE_FILES);
  if (refusal !== null) return { kind: 'refused', line: refusal };
  let config;
  try {
    config = await configFor(options);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { kind: 'refused', line: error.message };
  }
  // Decided once for every target, so that each is searched alike and the matrix can say how.
  const budget = resolveSettings(['runs', 'seed'], { ...(options.runs !== undefined ? { runs: options.runs } : {}), ...(options.seed !== undefined ? { seed: options.seed } : {}) }, config);
  const { runs } = budget;
  const seed = budget.seed ?? Math.floor(Math.random() * 2 ** 31);
  const targets = expandTargets(options.targets);
  if (targets.length === 0) return { kind: 'refused', line: `no .js, .mjs or .cjs files in ${options.targets.join(', ')}` };
  const own = await ownConfigs(targets, options.configs ?? {});
  if (typeof own === 'string') return { kind: 'refused', line: own };
  const node = options.node ?? config?.node;
  const searches = node === undefined ? targets.map(byTarget(options.out)) : await byNode(targets, node, options.out);
  if (typeof searches === 'string') return { kind: 'refused', line: searches };
  const rows: CompareRow[] = [];
  let invariants: string[] = [];
  let writeFailure: string | null = null;
  for (const { target, row: name, out, node } of searches) {
    options.onTarget?.(name);
    let report: Report;
    try {
      // Each target's search gets the config loaded above (its own, or the shared one): none loads it again.
      const mine = own.get(target);
      const searched = { ...options.searchOptions(target), runs, seed, ...(mine ? { config: mine.file } : {}), ...(node !== undefined ? { node } : {}) };
      report = await checkShutdown(withLoadedConfig(searched, mine ? mine.config : config));
    } catch (error) {
      if (options.onRejected(error) === 'stop') return { kind: 'stopped' };
      rows.push({ target: name, verdict: 'error', reason: error instanceof Error ? error.message : String(error), cells: {}, replay: null, ...(node !== undefined ? { node } : {}) });
      continue;
    }
    options.onReport?.(report);
    if (writeFailure === null) writeFailure = whyNotWritten(writeReports(report, out, options.reporters));
    rows.push({ ...compareRow(report), target: name, ...(node !== undefined ? { node } : {}) });
    if (invariants.length === 0) invariants = report.invariants.map((i) => i.id);
  }
  const across = node !== undefined && targets[0] !== undefined ? { acrossNode: { target: targets[0] } } : {};
  const comparison: Comparison = { tool: { name: 'shutdown-check', version: version() }, seed, numRuns: runs, invariants, rows, ...across };
  options.onCompared?.(formatCompareText(comparison), formatCompareMarkdown(comparison));
  if (writeFailure === null) writeFailure = whyNotWritten(writeFiles(() => writeComparison(comparison, options.out), options.out));
  return { kind: 'compared', comparison, writeFailure };
}

/** One search of a comparison: the target, the matrix's name for its row, its report's folder, its Node release. */
interface Search {
  target: string;
  row: string;
  out: string;
  node?: string;
}

function byTarget(out: string): (target: string) => Search {
  return (target) => ({ target, row: target, out: path.join(out, path.basename(target).replace(/\.(m|c)?js$/, '')) });
}

/**
 * One search per Node release, of the one target; every release is resolved (and fetched) before any
 * search runs, so that a version that does not exist ends the comparison before it has taken minutes.
 */
async function byNode(targets: readonly string[], versions: string, out: string): Promise<Search[] | string> {
  const [target, ...more] = targets;
  if (target === undefined || more.length > 0) {
    return `--node runs one target under each Node version; ${targets.length} targets were given (${targets.join(', ')}): give one file`;
  }
  const found = await nodeBinaries(versions);
  if (found.kind === 'failed') return found.line;
  const searches: Search[] = [];
  for (const binary of found.binaries) {
    const twin = searches.find((s) => s.node === binary.version);
    if (twin !== undefined) return `--node ${versions}: ${binary.spec} names Node ${binary.version} again; name each release once`;
    searches.push({ target, row: `node ${binary.version}`, out: path.join(out, `node-${binary.version}`), node: binary.version });
  }
  return searches;
}

/** A target's own config file, as named and as loaded. */
interface OwnConfig {
  file: string;
  config: Config | null;
}

const ONCE = ['runs', 'seed', 'out', 'reporter', 'noColor', 'node'] as const;

/**
 * Each target's own config file, checked: it names a target of the comparison, loads, and leaves to
 * the comparison what it decides once for every target (ONCE). The files, loaded, by target, or the
 * line that refuses one.
 */
async function ownConfigs(targets: readonly string[], configs: Readonly<Record<string, string>>): Promise<Map<string, OwnConfig> | string> {
  const own = new Map<string, OwnConfig>();
  for (const [named, file] of Object.entries(configs)) {
    const target = targets.find((t) => path.resolve(t) === path.resolve(named));
    if (target === undefined) return `--config ${named}=${file}: ${named} is not a target of this comparison (${targets.join(', ')})`;
    // A file shared by several targets is loaded once, as every config of a command is.
    const twin = [...own.values()].find((o) => path.resolve(o.file) === path.resolve(file));
    let config;
    try {
      config = twin !== undefined ? twin.config : await loadConfig(process.cwd(), file);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      return error.message;
    }
    // What the comparison decides once: the budget every target is searched with, and where and how
    // its matrix is written and printed.
    const decidedOnce = ONCE.find((key) => config?.[key] !== undefined);
    if (decidedOnce !== undefined) {
      return `${file}: ${decidedOnce} is decided once for every target of a comparison; give it with --${SETTINGS[decidedOnce].flag} or in the shared config`;
    }
    own.set(target, { file, config });
  }
  return own;
}

function whyNotWritten(written: Written): string | null {
  return written.kind === 'not-written' ? written.line : null;
}
