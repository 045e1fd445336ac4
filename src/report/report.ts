import { exercised, type InvariantResult, type NotApplicable, type Severity, type Verdict } from '../checkers/verdict.js';
import type { HistoryEvent } from '../history/events.js';
import type { Scenario } from '../scenario/types.js';
import { SETTINGS } from '../settings/table.js';
import type { ShardPart } from './shard-blob.js';
import { settingWords } from '../settings/words.js';

/** The settings a search ran with: enough to run it again (`shutdown-check replay`). */
export interface SearchSettings {
  /** the Node entry file, or the command of a command target */
  target: string;
  /** present when the target is a command (`--cmd`): how it gets its port and says it is ready */
  command?: { port?: number; portEnv?: string; readyPattern?: string };
  clock: 'virtual' | 'real';
  /** real clock only: real ms per scenario ms (1 when absent) */
  timeScale?: number;
  /** the proxy in front of the target (`--proxy`), and when it took the target out of rotation */
  proxy?: { name: 'nginx'; drainDelayMs?: number };
  graceMs: number;
  signal: string;
  profile: string;
  clients: string[];
  strict: boolean;
  config: string | null;
  /** the longest latency drawn, when the command line or the library set it (a config's is in the config) */
  maxLatencyMs?: number;
  /** the second signals drawn, when not the default (the signal again, and SIGINT) */
  secondSignals?: string[];
  /** the Node release the target ran under, when one was asked for (`--node`) */
  node?: string;
}

/** What an invariant's entry in report.json says of it over the whole search. */
export type InvariantVerdict = 'holds' | 'violated' | 'unknown' | 'not-applicable' | 'not-exercised';

/**
 * One violated invariant's own smallest failing scenario: the search shrinks a counterexample for each
 * invariant it saw violated, so each replays that invariant's failure alone.
 */
export interface Counterexample {
  /** the seed of the runner that found it (with --concurrency k, one of seed … seed+k-1) */
  seed: number;
  /** the fast-check path: with the seed (and `focus`), it replays this very scenario */
  path: string;
  /**
   * the times after the signal (ms) at which earlier runs of the search had seen the target cut work:
   * the scenarios were drawn around them, so the replay needs them too (`--focus`); empty when none
   */
  focus: number[];
  /** false when the budget ended the shrinking first: the smallest failing scenario found until then */
  shrunk: boolean;
  /**
   * present when no search run violated this invariant and a run made while shrinking another's
   * counterexample did: the id of that other invariant
   */
  foundWhileShrinking?: string;
  scenario: Scenario;
  /** the scenario as readable steps */
  steps: string[];
  history: HistoryEvent[];
  historyHash: string;
  /** the last lines the target printed during that run (its stdout and stderr tails) */
  output?: { stdout: string[]; stderr: string[] };
  /** the one command that replays it */
  replay: string;
}

/** One invariant over the whole search. */
export interface InvariantReport {
  id: string;
  severity: Severity;
  verdict: InvariantVerdict;
  /** for violated: what proves it (from its own counterexample); for the other verdicts but holds: why */
  evidence: { message: string; events: HistoryEvent[] }[];
  /** how many runs of the search put it to the test (judged it holds, violated or unknown) */
  exercisedRuns: number;
  /** for violated: its own smallest failing scenario (null for a single run, which has nothing to shrink) */
  counterexample: Counterexample | null;
}

/** What checkShutdown resolves with, and report.json holds: the contract CI and other tools read. */
export interface Report {
  tool: { name: 'shutdown-check'; version: string };
  target: string;
  clock: 'virtual' | 'real';
  /** the search's seed (runner i of --concurrency k used seed + i) */
  seed: number;
  numRuns: number;
  verdict: 'pass' | 'fail' | 'error';
  /** why the verdict is `error` */
  reason: string | null;
  settings: SearchSettings;
  invariants: InvariantReport[];
  /**
   * The counterexample of the first invariant (in catalogue order) whose violation fails the run —
   * each violated invariant carries its own in `invariants`; null unless the verdict is `fail`
   */
  counterexample: null | Counterexample;
  /** that counterexample's replay command */
  replay: string | null;
  /**
   * present only in a shard's report (`--shard i/n`): which part of the search this is. Its verdicts
   * are this part's alone; `shutdown-check merge` makes the search's report from every shard's blob
   * (`blob`, which the command line writes to blob.json and leaves out of report.json)
   */
  shard?: ShardPart;
}

/**
 * The report as report.json holds it: a shard's blob is for the merge, and goes in blob.json, not in
 * what reporters and readers of the report get. Pure.
 */
export function asWritten(report: Report): Report {
  if (!report.shard?.blob) return report;
  return { ...report, shard: { index: report.shard.index, count: report.shard.count } };
}

/** One run's verdicts, one per invariant. */
export type RunResults = readonly InvariantResult[];

/**
 * One entry per invariant over the runs of a search. Violated when it has a counterexample (its
 * evidence from there) or a run violated it; else unknown when a run could not decide it; else holds
 * when some run exercised it; else not-applicable when no run applied it; else not-exercised, with
 * the reason the runs gave most often. `exercisedRuns` counts the runs that put it to the test. Pure.
 */
export function aggregateInvariants(
  runs: readonly RunResults[],
  counterexamples: ReadonlyMap<string, { results: RunResults; counterexample: Counterexample | null }> = new Map(),
): InvariantReport[] {
  const first = runs[0] ?? [...counterexamples.values()][0]?.results ?? [];
  return first.map(({ id, severity }) => {
    const all = runs.map((results) => results.find((r) => r.id === id)?.verdict).filter((v) => v !== undefined);
    const exercisedRuns = all.filter(exercised).length;
    const base = { id, severity, exercisedRuns, counterexample: null };
    const own = counterexamples.get(id);
    const ownVerdict = own?.results.find((r) => r.id === id)?.verdict;
    const violated = ownVerdict?.verdict === 'violated' ? ownVerdict : all.find((v) => v.verdict === 'violated');
    if (violated && violated.verdict === 'violated') {
      const evidence = violated.evidence.map((e) => ({ message: e.message, events: e.events }));
      return { ...base, verdict: 'violated', evidence, counterexample: own?.counterexample ?? null };
    }
    const unknown = all.find((v) => v.verdict === 'unknown');
    if (unknown && unknown.verdict === 'unknown') return { ...base, verdict: 'unknown', evidence: [{ message: unknown.reason, events: [] }] };
    if (exercisedRuns > 0) return { ...base, verdict: 'holds', evidence: [] };
    const skipped = all.find((v) => v.verdict === 'not-applicable');
    if (all.every((v) => v.verdict === 'not-applicable') && skipped && skipped.verdict === 'not-applicable') {
      return { ...base, verdict: 'not-applicable', evidence: [{ message: skipped.reason, events: [] }] };
    }
    return { ...base, verdict: 'not-exercised', evidence: [{ message: mostFrequentReason(all), events: [] }] };
  });
}

/** The reason the runs gave most often for not exercising an invariant (the first such on a tie). */
function mostFrequentReason(verdicts: readonly (Verdict | NotApplicable)[]): string {
  const counts = new Map<string, number>();
  for (const v of verdicts) if (v.verdict === 'not-exercised') counts.set(v.reason, (counts.get(v.reason) ?? 0) + 1);
  let best: [string, number] | null = null;
  for (const entry of counts) if (best === null || entry[1] > best[1]) best = entry;
  return best?.[0] ?? 'no run put it to the test';
}

/** Quotes one shell word when it needs it. */
export function shellWord(word: string): string {
  return /^[\w./:=@,+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The flags that name the target: `--target <file>`, or `--cmd <command>` with its port and readiness. Pure. */
function targetWords(settings: Pick<SearchSettings, 'target' | 'command'>): string[] {
  const { command } = settings;
  if (!command) return settingWords('target', settings.target);
  const words = settingWords('cmd', settings.target);
  if (command.port !== undefined) words.push(...settingWords('port', command.port));
  if (command.portEnv !== undefined) words.push(...settingWords('portEnv', command.portEnv));
  if (command.readyPattern !== undefined) words.push(...settingWords('readyPattern', command.readyPattern));
  return words;
}

/**
 * The flags that say how a target is run and judged — the target or command, the config, the clock
 * and its scale, `--strict` — shared by the replay of a search and of one scenario. Pure.
 */
export function runWords(settings: Pick<SearchSettings, 'target' | 'command' | 'config' | 'clock' | 'timeScale' | 'strict' | 'node' | 'proxy'>): string[] {
  const words = targetWords(settings);
  if (settings.config) words.push(...settingWords('config', settings.config));
  // A command target runs under the real clock without saying so.
  if (settings.clock !== 'virtual' && !settings.command) words.push(...settingWords('clock', settings.clock));
  if (settings.proxy) words.push(...settingWords('proxy', settings.proxy.name));
  if (settings.proxy?.drainDelayMs !== undefined) words.push(...settingWords('proxyDrainDelay', settings.proxy.drainDelayMs));
  if (settings.timeScale !== undefined && settings.timeScale !== 1) words.push(...settingWords('timeScale', settings.timeScale));
  words.push(...settingWords('strict', settings.strict));
  if (settings.node !== undefined) words.push(...settingWords('node', settings.node));
  return words;
}

/** Where a counterexample is in the search: its runner's seed, its path, and the focus it was drawn with. */
export type CounterexampleAddress = Pick<Counterexample, 'seed' | 'path' | 'focus'>;

/** The arguments that replay a counterexample: the search's settings, its seed, path and focus. Pure. */
export function replayArgs(settings: SearchSettings, at: CounterexampleAddress): string[] {
  const words = runWords(settings);
  words.push(...settingWords('grace', settings.graceMs), ...settingWords('signal', settings.signal), ...settingWords('profile', settings.profile));
  words.push(...settingWords('clients', settings.clients));
  if (settings.maxLatencyMs !== undefined) words.push(...settingWords('maxLatency', settings.maxLatencyMs));
  if (settings.secondSignals !== undefined) words.push(...settingWords('secondSignals', settings.secondSignals));
  words.push(...settingWords('seed', at.seed), ...settingWords('path', at.path));
  // Focus times may be 0 ms (the signal's own instant), which the --focus list takes as it is.
  if (at.focus.length > 0) words.push(`--${SETTINGS.focus.flag}`, at.focus.map((ms) => `${ms}ms`).join(','));
  return words;
}

/** The one command that replays a counterexample, as printed with it. Pure. */
export function replayCommand(settings: SearchSettings, at: CounterexampleAddress): string {
  return ['npx', 'shutdown-check', ...replayArgs(settings, at)].map(shellWord).join(' ');
}
