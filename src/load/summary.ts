/**
 * load.json: what a load run found, as plain data, and the verdict it implies. Pure: the run's totals
 * and its settings in, the summary out.
 *
 * The invariants are those of the checker catalogue (same ids, same default severities), counted over
 * thousands of requests instead of proven on one history, each by its own definition's `load.count`
 * (see ./invariants.ts, which adds `before-signal` and leaves out what load mode cannot count).
 */
import { failsTheRun, type Severity } from '../checkers/verdict.js';
import type { Outcome } from '../history/events.js';
import { COUNTED, type LoadFault, type LoadInvariantId } from './invariants.js';
import { LOAD_KINDS, type LoadKind } from './mix.js';
import { SLOW_MS, STREAM } from './settings.js';
import type { Percentiles, ThroughputSeries } from './stats.js';
import type { LoadTotals } from './totals.js';

export type LoadVerdict = 'holds' | 'violated' | 'not-applicable';

export interface LoadInvariant {
  id: LoadInvariantId;
  severity: Severity;
  verdict: LoadVerdict;
  /** how many broke it */
  count: number;
  /** out of how many it applied to (see each text) */
  of: number;
  /** one sentence a user understands */
  text: string;
}

/** What a load run found, counted and judged: what load.json holds and checkUnderLoad resolves with. */
export interface LoadSummary {
  tool: { name: 'shutdown-check'; version: string };
  target: string;
  /** `error`: the run could not be judged (see `problems`) */
  verdict: 'pass' | 'fail' | 'error';
  /** why the verdict is `error` */
  problems: string[];
  settings: {
    connections: number;
    split: Record<LoadKind, number>;
    ratePerSec: number;
    durationMs: number;
    signalAtMs: number;
    graceMs: number;
    signal: string;
    slowMs: number;
    stream: { chunks: number; everyMs: number };
    strict: boolean;
  };
  connections: LoadTotals['connections'] & { wanted: number; openMs: number };
  sends: LoadTotals['sends'];
  outcomes: Record<Outcome, number>;
  outcomesByKind: Record<LoadKind, Record<Outcome, number>>;
  /** failed requests by the invariant they break */
  faults: Record<LoadFault, number>;
  latency: { all: Percentiles } & Partial<Record<LoadKind, Percentiles>>;
  throughput: ThroughputSeries;
  websockets: LoadTotals['websockets'];
  shutdown: {
    signalAtMs: number | null;
    exitAtMs: number | null;
    signalToExitMs: number | null;
    killed: boolean;
    exit: { code: number | null; signal: string | null } | null;
    uncaughtException: string | null;
  };
  invariants: LoadInvariant[];
  harness: {
    /** the harness's largest resident set during the run, in MB */
    rssMaxMb: number;
    targetRssMaxMb: number | null;
    /** CPU time from the load's start to the target's exit, in ms: what the counts cost each process */
    cpuMs: number;
    targetCpuMs: number | null;
    openFilesLimit: { harness: number | null; target: number | null };
  };
}

/** What the run knows besides its totals. */
export interface RunFacts {
  version: string;
  target: string;
  settings: LoadSummary['settings'];
  openMs: number;
  exit: { code: number | null; signal: string | null } | null;
  allowedExitCodes: readonly number[];
  cleanCloseCodes: readonly number[];
  harness: LoadSummary['harness'];
}

/** Each invariant's row, as its definition counts it; one it could not put to the test is not applicable. */
function invariants(t: LoadTotals, facts: RunFacts): LoadInvariant[] {
  return COUNTED.map(({ id, defaultSeverity: severity, load }) => {
    const c = load.count(t, facts);
    if (!c.applicable) return { id, severity, verdict: 'not-applicable', count: 0, of: 0, text: c.holds };
    const violated = c.count > 0;
    return { id, severity, verdict: violated ? 'violated' : 'holds', count: c.count, of: c.of, text: violated ? c.violated : c.holds };
  });
}

/** The verdict: `error` if the run could not be judged, `fail` if an invariant that counts broke. */
export function loadVerdict(rows: readonly LoadInvariant[], strict: boolean, problems: readonly string[]): LoadSummary['verdict'] {
  if (problems.length > 0) return 'error';
  const counts = rows.filter((r) => failsTheRun(r.severity, strict));
  return counts.some((r) => r.verdict === 'violated') ? 'fail' : 'pass';
}

export function summarize(t: LoadTotals, facts: RunFacts): LoadSummary {
  const rows = invariants(t, facts);
  const { signalAt, exitAt, killAt } = t.moments;
  const latency: LoadSummary['latency'] = { all: t.latency.all };
  for (const kind of LOAD_KINDS) {
    const p = t.latency[kind as Exclude<LoadKind, 'websocket'>];
    if (p) latency[kind] = p;
  }
  return {
    tool: { name: 'shutdown-check', version: facts.version },
    target: facts.target,
    verdict: loadVerdict(rows, facts.settings.strict, t.problems),
    problems: t.problems,
    settings: facts.settings,
    connections: { ...t.connections, wanted: facts.settings.connections, openMs: facts.openMs },
    sends: t.sends,
    outcomes: t.outcomes,
    outcomesByKind: t.outcomesByKind,
    faults: t.faults,
    latency,
    throughput: t.throughput,
    websockets: t.websockets,
    shutdown: {
      signalAtMs: signalAt,
      exitAtMs: exitAt,
      signalToExitMs: signalAt !== null && exitAt !== null ? exitAt - signalAt : null,
      killed: killAt !== null,
      exit: facts.exit,
      uncaughtException: t.uncaughtException,
    },
    invariants: rows,
    harness: facts.harness,
  };
}

/** The settings block of a summary, with the fixed shapes of slow and stream requests. */
export function summarySettings(s: Omit<LoadSummary['settings'], 'slowMs' | 'stream'>): LoadSummary['settings'] {
  return { ...s, slowMs: SLOW_MS, stream: { ...STREAM } };
}
