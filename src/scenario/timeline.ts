import { definitionOf } from './client-kinds/registry.js';
import type { ClientSpec, Scenario, SignalName } from './types.js';

/** A client's action number `op`: 0 is its start, then one per request, message or attempt. */
export interface ClientOp {
  client: string;
  op: number;
}

/** One thing the executor does at one (virtual) time. */
export type Action =
  | ({ at: number; kind: 'client' } & ClientOp)
  /**
   * `alongside`: client actions carried out in the signal's step, once the target has taken the
   * signal, on connections whose clients held their reading from before it (requests marked
   * `withSignal`; see Execution.perform), in client-id order
   */
  | { at: number; kind: 'signal'; signal: SignalName; nth: number; alongside?: ClientOp[] }
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
  const alongside: ClientOp[] = [];
  for (const c of scenario.clients) {
    clientOpTimes(c).forEach((at, op) => {
      if (definitionOf(c.kind).withSignal?.(c, op)) alongside.push({ client: c.id, op });
      else actions.push({ at, kind: 'client', client: c.id, op });
    });
  }
  alongside.sort((a, b) => a.client.localeCompare(b.client) || a.op - b.op);
  actions.push({
    at: scenario.signalAt,
    kind: 'signal',
    signal: scenario.signal,
    nth: 1,
    ...(alongside.length > 0 ? { alongside } : {}),
  });
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
  return definitionOf(spec.kind).opTimes(spec);
}

/** What a scenario is checked against besides itself. */
export interface ScenarioContext {
  /** how many ordinary requests the config names (`requests`): a `route` must be one of them */
  requestCount?: number;
}

/**
 * Checks a scenario's shape; returns the problems, empty when it is valid. Pure. With a context, a
 * config request named by index must exist.
 */
export function validateScenario(scenario: Scenario, context: ScenarioContext = {}): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  const route = (where: string, index: number | undefined): string[] => {
    if (index === undefined) return [];
    if (!Number.isInteger(index) || index < 0) return [`${where} names request ${index} of the config; it must be an index, 0 or more`];
    if (context.requestCount !== undefined && index >= context.requestCount) {
      const has = context.requestCount === 0 ? 'the config names no requests' : `the config names ${context.requestCount} (0 to ${context.requestCount - 1})`;
      return [`${where} names request ${index} of the config, but ${has}`];
    }
    return [];
  };
  for (const c of scenario.clients) {
    if (ids.has(c.id)) problems.push(`client id ${c.id} is used twice`);
    ids.add(c.id);
    if (!(c.at >= 0)) problems.push(`client ${c.id} starts at ${c.at}; times are >= 0`);
    const times = clientOpTimes(c);
    if (times.some((t, i) => i > 0 && !(t >= (times[i - 1] ?? 0)))) {
      problems.push(`client ${c.id}'s actions must come in time order, after its start`);
    }
    problems.push(...(definitionOf(c.kind).validate?.(c, { signalAt: scenario.signalAt, route }) ?? []));
  }
  if (!(scenario.signalAt >= 0)) problems.push(`signalAt is ${scenario.signalAt}; it must be >= 0`);
  if (!(scenario.graceMs > 0)) problems.push(`graceMs is ${scenario.graceMs}; it must be > 0`);
  if (scenario.secondSignal && !(scenario.secondSignal.at >= scenario.signalAt)) {
    problems.push('the second signal must come at or after the first');
  }
  return problems;
}
