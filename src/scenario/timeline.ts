import type { ClientSpec, Scenario, SignalName } from './types.js';

/** One thing the executor does at one (virtual) time. */
export type Action =
  /** the client's action number `op`: 0 is its start, then one per request, message or attempt */
  | { at: number; kind: 'client'; client: string; op: number }
  | { at: number; kind: 'signal'; signal: SignalName; nth: number }
  | { at: number; kind: 'kill'; reason: 'grace-expired' };

export type Timeline = readonly Action[];

/**
 * Compiles a scenario to the ordered actions the executor carries out. Pure.
 *
 * Actions at the same time keep a fixed order: the nemesis last, so a client that starts at the very
 * moment of the signal has sent its bytes first (the interesting race), and clients by id.
 */
export function compileTimeline(scenario: Scenario): Timeline {
  const actions: Action[] = [];
  for (const c of scenario.clients) {
    clientOpTimes(c).forEach((at, op) => actions.push({ at, kind: 'client', client: c.id, op }));
  }
  actions.push({ at: scenario.signalAt, kind: 'signal', signal: scenario.signal, nth: 1 });
  if (scenario.secondSignal) {
    actions.push({ at: scenario.secondSignal.at, kind: 'signal', signal: scenario.secondSignal.signal, nth: 2 });
  }
  actions.push({ at: scenario.signalAt + scenario.graceMs, kind: 'kill', reason: 'grace-expired' });
  const rank = (a: Action): number => (a.kind === 'client' ? 0 : a.kind === 'signal' ? 1 : 2);
  return actions
    .map((a, i) => ({ a, i }))
    .sort((x, y) => x.a.at - y.a.at || rank(x.a) - rank(y.a) || key(x.a).localeCompare(key(y.a)) || x.i - y.i)
    .map((x) => x.a);
}

function key(a: Action): string {
  return a.kind === 'client' ? `${a.client}\u0000${String(a.op).padStart(6, '0')}` : a.kind === 'signal' ? String(a.nth) : '';
}

/**
 * When each of a client's actions happens: its start, then one time per later request (keep-alive),
 * message (websocket, raw) or connection attempt (late). Pure.
 */
export function clientOpTimes(spec: ClientSpec): number[] {
  switch (spec.kind) {
    case 'keep-alive':
      return [spec.at, ...spec.requests.slice(1).map((r) => r.at)];
    case 'websocket':
    case 'raw':
      return [spec.at, ...spec.messages];
    case 'late':
      return [spec.at, ...spec.attempts];
    case 'http':
    case 'slow':
    case 'stream':
    case 'silent':
      return [spec.at];
  }
}

/** Checks a scenario's shape; returns the problems, empty when it is valid. Pure. */
export function validateScenario(scenario: Scenario): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const c of scenario.clients) {
    if (ids.has(c.id)) problems.push(`client id ${c.id} is used twice`);
    ids.add(c.id);
    if (!(c.at >= 0)) problems.push(`client ${c.id} starts at ${c.at}; times are >= 0`);
    const times = clientOpTimes(c);
    if (times.some((t, i) => i > 0 && !(t >= (times[i - 1] ?? 0)))) {
      problems.push(`client ${c.id}'s actions must come in time order, after its start`);
    }
    if (c.kind === 'keep-alive' && (c.requests.length === 0 || c.requests[0]?.at !== c.at)) {
      problems.push(`client ${c.id} is keep-alive: its first request is its start (requests[0].at = at)`);
    }
  }
  if (!(scenario.signalAt >= 0)) problems.push(`signalAt is ${scenario.signalAt}; it must be >= 0`);
  if (!(scenario.graceMs > 0)) problems.push(`graceMs is ${scenario.graceMs}; it must be > 0`);
  if (scenario.secondSignal && !(scenario.secondSignal.at >= scenario.signalAt)) {
    problems.push('the second signal must come at or after the first');
  }
  return problems;
}
