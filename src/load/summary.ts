/**
 * load.json: what a load run found, as plain data, and the verdict it implies. Pure: the run's totals
 * and its settings in, the summary out.
 *
 * The invariants are those of the checker catalogue (same ids, same default severities), counted over
 * thousands of requests instead of proven on one history; `before-signal` is added because under load
 * a target can fail before any shutdown starts. `readiness` is left out: it needs the kubernetes
 * profile's probe, which load mode does not send. `no-shutdown-5xx` counts answers, not failures: a
 * request read before the signal and answered 5xx after it, where the same kind of request (each kind
 * asks for one route) was answered below 500 before the signal, as the checker's rule has it.
 */
import { CATALOGUE } from '../checkers/catalogue.js';
import type { Severity } from '../checkers/verdict.js';
import type { Outcome } from '../history/events.js';
import type { LoadFault } from './classify.js';
import { LOAD_KINDS, type LoadKind } from './mix.js';
import { SLOW_MS, STREAM } from './settings.js';
import type { Percentiles, ThroughputSeries } from './stats.js';
import type { LoadTotals } from './tally.js';

export type LoadVerdict = 'holds' | 'violated' | 'not-applicable';

export interface LoadInvariant {
  id: LoadFault | 'no-shutdown-5xx' | 'clean-exit' | 'websocket-going-away' | 'drain-connection-close';
  severity: Severity;
  verdict: LoadVerdict;
  /** how many broke it */
  count: number;
  /** out of how many it applied to (see each text) */
  of: number;
  /** one sentence a user understands */
  text: string;
}

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

const SEVERITY: Record<string, Severity> = Object.fromEntries(CATALOGUE.map((c) => [c.id, c.defaultSeverity]));

export const n = (value: number): string => value.toLocaleString('en-US');
export const ms = (value: number): string =>
  value < 1000 ? `${Math.round(value)} ms` : `${Number((value / 1000).toFixed(value < 10_000 ? 2 : 1))} s`;
const plural = (count: number, one: string, many = `${one}s`): string => `${n(count)} ${count === 1 ? one : many}`;

function row(
  id: LoadInvariant['id'],
  count: number,
  of: number,
  texts: { holds: string; violated: string },
  applicable = true,
): LoadInvariant {
  const severity = id === 'before-signal' ? 'error' : (SEVERITY[id] ?? 'error');
  if (!applicable) return { id, severity, verdict: 'not-applicable', count: 0, of: 0, text: texts.holds };
  const verdict = count > 0 ? 'violated' : 'holds';
  return { id, severity, verdict, count, of, text: count > 0 ? texts.violated : texts.holds };
}

function invariants(t: LoadTotals, facts: RunFacts): LoadInvariant[] {
  const { settings } = facts;
  const f = t.faults;
  const signalled = t.moments.signalAt !== null;
  const exitAfter = t.moments.exitAt !== null && t.moments.signalAt !== null ? t.moments.exitAt - t.moments.signalAt : null;
  const killed = t.moments.killAt !== null;
  const exit = facts.exit;
  const exitText = exit?.signal ? `killed by ${exit.signal}` : `exit code ${exit?.code}`;
  const ws = t.websockets;
  const clean = facts.cleanCloseCodes.join(' or ');
  const cleanCloses = Object.entries(ws.closes)
    .filter(([code]) => facts.cleanCloseCodes.includes(Number(code)))
    .reduce((sum, [, count]) => sum + count, 0);
  const attempts = t.connections.attemptsAfterSignal;
  return [
    row('before-signal', f['before-signal'], t.requestsBeforeSignal, {
      holds: 'every request before the signal was answered',
      violated: `${plural(f['before-signal'], 'request')} failed before the signal: the target did not carry the load`,
    }),
    row('in-flight-complete', f['in-flight-complete'], t.inFlightAtSignal, {
      holds: `every request the server read got a complete answer (${n(t.inFlightAtSignal)} in flight at the signal)`,
      violated: `${plural(f['in-flight-complete'], 'request')} the server had read got no complete answer (${n(t.inFlightAtSignal)} in flight at the signal)`,
    }),
    row(
      'no-shutdown-5xx',
      t.shutdown5xx,
      t.readBeforeAnsweredAfter,
      {
        holds: `no request read before the signal was answered 5xx after it (${n(t.readBeforeAnsweredAfter)} answered after the signal)${unattributed(t)}`,
        violated: `${n(t.shutdown5xx)} of ${plural(t.readBeforeAnsweredAfter, 'request')} read before the signal ${t.shutdown5xx === 1 ? 'was' : 'were'} answered 5xx after it, though the route answered below 500 before it${unattributed(t)}`,
      },
      signalled,
    ),
    row('no-accept-then-drop', f['no-accept-then-drop'], attempts, {
      holds: `${plural(attempts, 'connection attempt')} after the signal: ${n(t.connections.refusedAfterSignal)} refused, ${n(t.connections.acceptedAfterSignal)} accepted and answered`,
      violated: `${n(f['no-accept-then-drop'])} of ${plural(attempts, 'connection attempt')} after the signal were accepted and then dropped`,
    }),
    row(
      'deadline',
      killed ? 1 : 0,
      1,
      {
        holds: exitAfter === null ? 'the target did not exit' : `exited ${ms(exitAfter)} after ${settings.signal}, within the ${ms(settings.graceMs)} grace period`,
        violated: `still running ${ms(settings.graceMs)} after ${settings.signal}: SIGKILL sent; it cut ${plural(f.deadline, 'request')} and ${plural(ws.killed, 'WebSocket')}`,
      },
      signalled,
    ),
    row(
      'clean-exit',
      exit !== null && !cleanExit(exit, t.uncaughtException, facts.allowedExitCodes, settings.signal) ? 1 : 0,
      1,
      {
        holds: killed ? "killed by the harness's SIGKILL: judged by deadline" : `${exitText}`,
        violated: t.uncaughtException ? `uncaught exception: ${t.uncaughtException}` : `${exitText}, outside ${facts.allowedExitCodes.join(', ')}`,
      },
      exit !== null && !killed,
    ),
    row(
      'websocket-going-away',
      ws.unclean,
      ws.openAtSignal,
      {
        holds: `${n(cleanCloses)} of ${plural(ws.openAtSignal, 'WebSocket')} open at the signal closed with ${clean}`,
        violated: `${n(ws.unclean)} of ${plural(ws.openAtSignal, 'WebSocket')} open at the signal closed without ${clean} (${closeCodes(ws.closes)})`,
      },
      settings.split.websocket > 0 && signalled,
    ),
    row(
      'stream-clean-end',
      f['stream-clean-end'],
      t.streamsAtSignal,
      {
        holds: `every stream ended with its final chunk (${n(t.streamsAtSignal)} running at the signal)`,
        violated: `${plural(f['stream-clean-end'], 'stream')} cut mid-body (${n(t.streamsAtSignal)} running at the signal)`,
      },
      settings.split.stream > 0 && signalled,
    ),
    row(
      'drain-connection-close',
      t.drainResponsesKeptAlive,
      t.drainResponses,
      {
        holds: `every response started after the signal said Connection: close (${n(t.drainResponses)})`,
        violated: `${n(t.drainResponsesKeptAlive)} of ${plural(t.drainResponses, 'response')} started after the signal kept the connection alive`,
      },
      signalled,
    ),
    row(
      'keepalive-race',
      f['keepalive-race'],
      t.reusedRequests,
      {
        holds: `no request on an open connection was lost unread (${n(t.reusedRequests)} on reused connections)`,
        violated: `${n(f['keepalive-race'])} of ${plural(t.reusedRequests, 'request')} on reused connections were lost: the server closed the connection without reading them`,
      },
      true,
    ),
  ];
}

/**
 * As the clean-exit checker judges it: no uncaught exception, an exit code in the allowed set, and no
 * death by a signal other than the one sent (its default action ending the process is not a crash).
 */
function cleanExit(
  exit: { code: number | null; signal: string | null },
  uncaught: string | null,
  allowed: readonly number[],
  sent: string,
): boolean {
  if (uncaught !== null) return false;
  if (exit.signal !== null) return exit.signal === sent;
  return exit.code !== null && allowed.includes(exit.code);
}

/** 5xx the run cannot attribute to the shutdown: their kind got no answer before the signal. */
function unattributed(t: LoadTotals): string {
  if (t.unattributed5xx === 0) return '';
  return `; ${plural(t.unattributed5xx, 'other 5xx answer')} on a route with no answer before the signal cannot be told from a failing route`;
}

function closeCodes(closes: Record<string, number>): string {
  const parts = Object.entries(closes).map(([code, count]) => `${code}: ${n(count)}`);
  return parts.length > 0 ? parts.join(', ') : 'none closed';
}

/** The verdict: `error` if the run could not be judged, `fail` if an invariant that counts broke. */
export function loadVerdict(rows: readonly LoadInvariant[], strict: boolean, problems: readonly string[]): LoadSummary['verdict'] {
  if (problems.length > 0) return 'error';
  const counts = rows.filter((r) => r.severity === 'error' || strict);
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
