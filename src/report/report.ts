import type { InvariantResult, Severity } from '../checkers/verdict.js';
import type { HistoryEvent } from '../history/events.js';
import type { Scenario } from '../scenario/types.js';

/** The settings a search ran with: enough to run it again (`shutdown-check replay`). */
export interface SearchSettings {
  /** the Node entry file, or the command of a command target */
  target: string;
  /** present when the target is a command (`--cmd`): how it gets its port and says it is ready */
  command?: { port?: number; portEnv?: string; readyPattern?: string };
  clock: 'virtual' | 'real';
  /** real clock only: real ms per scenario ms (1 when absent) */
  timeScale?: number;
  graceMs: number;
  signal: string;
  profile: string;
  clients: string[];
  strict: boolean;
  config: string | null;
}

/** report.json: the contract CI and other tools read. */
export interface Report {
  tool: { name: 'shutdown-check'; version: string };
  target: string;
  clock: 'virtual' | 'real';
  seed: number;
  numRuns: number;
  verdict: 'pass' | 'fail' | 'error';
  /** why the verdict is `error` */
  reason: string | null;
  settings: SearchSettings;
  invariants: {
    id: string;
    severity: Severity;
    verdict: 'holds' | 'violated' | 'unknown' | 'not-applicable';
    /** for violated: what proves it; for unknown and not-applicable: why */
    evidence: { message: string; events: HistoryEvent[] }[];
  }[];
  counterexample: null | {
    scenario: Scenario;
    /** the scenario as readable steps */
    steps: string[];
    path: string;
    history: HistoryEvent[];
    historyHash: string;
    /** the last lines the target printed during that run (its stdout and stderr tails); absent in older reports */
    output?: { stdout: string[]; stderr: string[] };
  };
  /** the command that reproduces the counterexample */
  replay: string | null;
}

/**
 * One entry per invariant across every run: violated if any run violated it (the counterexample's
 * evidence first), else unknown if any run could not decide it, else not-applicable if no run applied
 * it, else holds. Pure.
 */
export function aggregateInvariants(
  runs: readonly (readonly InvariantResult[])[],
  counterexample: readonly InvariantResult[] | null,
): Report['invariants'] {
  const ordered = counterexample ? [counterexample, ...runs] : runs;
  const ids = (ordered[0] ?? []).map((r) => ({ id: r.id, severity: r.severity }));
  return ids.map(({ id, severity }) => {
    const all = ordered.map((results) => results.find((r) => r.id === id)?.verdict).filter((v) => v !== undefined);
    const violated = all.find((v) => v.verdict === 'violated');
    if (violated && violated.verdict === 'violated') {
      return { id, severity, verdict: 'violated', evidence: violated.evidence.map((e) => ({ message: e.message, events: e.events })) };
    }
    const unknown = all.find((v) => v.verdict === 'unknown');
    if (unknown && unknown.verdict === 'unknown') {
      return { id, severity, verdict: 'unknown', evidence: [{ message: unknown.reason, events: [] }] };
    }
    const applied = all.some((v) => v.verdict === 'holds');
    const skipped = all.find((v) => v.verdict === 'not-applicable');
    if (!applied && skipped && skipped.verdict === 'not-applicable') {
      return { id, severity, verdict: 'not-applicable', evidence: [{ message: skipped.reason, events: [] }] };
    }
    return { id, severity, verdict: 'holds', evidence: [] };
  });
}

/** Quotes one shell word when it needs it. */
export function shellWord(word: string): string {
  return /^[\w./:=@,+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The flags that name the target: `--target <file>`, or `--cmd <command>` with its port and readiness. Pure. */
function targetWords(settings: Pick<SearchSettings, 'target' | 'command'>): string[] {
  const { command } = settings;
  if (!command) return ['--target', settings.target];
  const words = ['--cmd', settings.target];
  if (command.port !== undefined) words.push('--port', String(command.port));
  if (command.portEnv !== undefined) words.push('--port-env', command.portEnv);
  if (command.readyPattern !== undefined) words.push('--ready-pattern', command.readyPattern);
  return words;
}

/**
 * The flags that say how a target is run and judged — the target or command, the config, the clock
 * and its scale, `--strict` — shared by the replay of a search and of one scenario. Pure.
 */
export function runWords(settings: Pick<SearchSettings, 'target' | 'command' | 'config' | 'clock' | 'timeScale' | 'strict'>): string[] {
  const words = targetWords(settings);
  if (settings.config) words.push('--config', settings.config);
  // A command target runs under the real clock without saying so.
  if (settings.clock !== 'virtual' && !settings.command) words.push('--clock', settings.clock);
  if (settings.timeScale !== undefined && settings.timeScale !== 1) words.push('--time-scale', String(settings.timeScale));
  if (settings.strict) words.push('--strict');
  return words;
}

/** The arguments that replay a counterexample: the search's settings, its seed and its path. Pure. */
export function replayArgs(settings: SearchSettings, seed: number, path: string): string[] {
  const words = runWords(settings);
  words.push('--grace', `${settings.graceMs}ms`, '--signal', settings.signal, '--profile', settings.profile);
  words.push('--clients', settings.clients.join(','));
  words.push('--seed', String(seed), '--path', path);
  return words;
}

/** The one command that replays a counterexample, as printed with it. Pure. */
export function replayCommand(settings: SearchSettings, seed: number, path: string): string {
  return ['npx', 'shutdown-check', ...replayArgs(settings, seed, path)].map(shellWord).join(' ');
}
