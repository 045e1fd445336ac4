import fc from 'fast-check';
import { clientOpTimes } from './timeline.js';
import type { ClientKind, ClientSpec, LateClientSpec, Profile, Scenario, SignalName } from './types.js';

export interface ScenarioArbitraryOptions {
  /** the kinds clients are drawn from (see supportedKinds); at least one */
  kinds: readonly ClientKind[];
  graceMs: number;
  signal: SignalName;
  profile: Profile;
  /** also draw an optional second signal, the same one again, between the first and the grace end */
  secondSignal?: boolean;
  /** default 8 */
  maxClients?: number;
}

/**
 * Times are whole multiples of this, so a counterexample reads as "at 120 ms", not "at 117 ms", and
 * shrinking takes fewer steps.
 */
const TICK_MS = 10;
/** client starts and signal times drawn freely stay below this */
const START_MAX_MS = 2_000;
/** idle gaps between a client's requests, messages or connection attempts */
const GAP_MAX_MS = 1_000;
/** how long after the signal a late connector first tries */
const LATE_OFFSET_MAX_MS = 2_000;
/** the short branch of a duration; the long branch reaches past the grace period */
const SHORT_LATENCY_MAX_MS = 2_000;
const SHORT_INTERVAL_MAX_MS = 500;
/** the signal goes at most this far into a response or an idle time, to keep times short */
const WINDOW_MAX_MS = 2_000;
/** how long after its last action a client counts as idle, for placing the signal in that idle time */
const IDLE_TAIL_MS = 1_000;
const MAX_KEEP_ALIVE_REQUESTS = 5;
const MAX_MESSAGES = 4;
const MAX_LATE_ATTEMPTS = 4;
const MAX_CHUNKS = 10;
const MAX_EVENT_INDEX = 7;
const DEFAULT_MAX_CLIENTS = 8;

/**
 * What is drawn for one client, before ids and the signal time are known. Gaps are relative (the time
 * since the previous action), so removing one while shrinking keeps the others' spacing; a late
 * connector's first attempt is relative to the signal.
 */
type Draft =
  | { kind: 'http'; start: number; holdMs: number | undefined }
  | { kind: 'keep-alive'; start: number; gaps: number[] }
  | { kind: 'slow'; start: number; latencyMs: number }
  | { kind: 'stream'; start: number; chunks: number; everyMs: number; sse: boolean }
  | { kind: 'websocket'; start: number; gaps: number[] }
  | { kind: 'silent'; start: number }
  | { kind: 'raw'; start: number; gaps: number[] }
  | { kind: 'late'; offset: number; gaps: number[] };

/**
 * Where the signal goes, relative to the clients drawn with it. `client` and `index` count from the
 * end of their lists and wrap around: fast-check shrinks an array mostly by keeping a suffix of it, so
 * counting from the end keeps the signal on the same client and the same event while the clients
 * before it (or the gaps before that event) are shrunk away.
 */
type SignalPick =
  /** at a time of its own, unrelated to any client */
  | { mode: 'free'; at: number }
  /** in the same millisecond as a client's action, after it (the action's bytes are out: mid-request, mid-message) */
  | { mode: 'at'; client: number; index: number }
  /** shortly before a client's action: its first byte arrives during the drain */
  | { mode: 'before'; client: number; index: number; byMs: number }
  /** while a response is being produced: mid-latency, mid-stream */
  | { mode: 'inside'; client: number; index: number; percent: number }
  /** while a connection is idle: between two keep-alive requests or two messages, after an answer */
  | { mode: 'idle'; client: number; index: number; percent: number };

/**
 * Scenarios for property-based search: 1 to `maxClients` clients of the given kinds (ids A, B, C, … in
 * order), their times, and the signal placed relative to what the clients do. All times are whole
 * milliseconds, multiples of 10, and every scenario passes `validateScenario`.
 *
 * The parts are drawn with fc.array, fc.record, fc.integer and fc.oneof, with no chain and one filter
 * that almost never rejects, so fast-check's own shrinkers apply: a failing scenario shrinks towards
 * fewer clients, fewer requests and messages, and earlier, shorter times. See SignalPlacedScenarios for
 * how the signal follows the clients while they shrink.
 */
export function scenarioArbitrary(options: ScenarioArbitraryOptions): fc.Arbitrary<Scenario> {
  const kinds = [...new Set(options.kinds)];
  if (kinds.length === 0) throw new RangeError('scenarioArbitrary needs at least one client kind');
  const maxClients = options.maxClients ?? DEFAULT_MAX_CLIENTS;
  if (!Number.isInteger(maxClients) || maxClients < 1) throw new RangeError(`maxClients is ${maxClients}; it must be an integer >= 1`);
  if (!Number.isInteger(options.graceMs) || options.graceMs <= 0) {
    throw new RangeError(`graceMs is ${options.graceMs}; it must be an integer > 0`);
  }
  const { graceMs, signal, profile } = options;
  const drafts = draftArbitraries(graceMs);
  const client = fc.oneof(...kinds.map((kind) => drafts[kind]));
  // Not `minLength: 1`: fast-check never drops the last element of an array at its minimum length, so
  // a needless last client would survive every shrink. An empty draw is rare and simply drawn again.
  // `size: 'max'`, or fast-check's default size would never draw more than 10 clients.
  const clients = fc.array(client, { maxLength: maxClients, size: 'max' }).filter((list) => list.length > 0);
  // Half the scenarios get one: any time before the grace end, mostly soon after the first signal, as an
  // impatient operator sends it.
  const second = options.secondSignal
    ? fc.option(duration(0, graceMs - 1, SHORT_LATENCY_MAX_MS), { nil: undefined, freq: 2 })
    : fc.constant(undefined);
  return new SignalPlacedScenarios({ clients, pick: signalPickArbitrary(maxClients), second }, { graceMs, signal, profile });
}

/** Where the signal is, while a scenario shrinks: still placed by its pick, or held at a time. */
type SignalPart = { kind: 'pick'; pick: fc.Value<SignalPick> } | { kind: 'held'; ticks: fc.Value<number> };

/** A generated scenario's parts, each with the context its own arbitrary needs to shrink it. */
interface Parts {
  clients: fc.Value<Draft[]>;
  signal: SignalPart;
  second: fc.Value<number | undefined>;
}

interface Fixed {
  graceMs: number;
  signal: SignalName;
  profile: Profile;
}

/**
 * The scenario arbitrary: fc.record's behaviour (draw the parts, shrink one part at a time) with one
 * addition for the signal.
 *
 * The signal is drawn as a pick relative to the clients, and a shrunk client list places it again by
 * the same pick, so it follows the event it was placed at while times shrink. But a pick can point at
 * a client the failure does not need, whose event happened to fall inside the window that matters; a
 * shrink that drops that client would move the signal and lose the failure. So for each shrunk client
 * list that moves the signal, a second candidate keeps the signal where it was. Once such a candidate is
 * taken, the signal is held at its time and from then on shrinks as a plain integer.
 */
class SignalPlacedScenarios extends fc.Arbitrary<Scenario> {
  private readonly heldTicks = fc.integer({ min: 0 });

  constructor(
    private readonly arbs: {
      clients: fc.Arbitrary<Draft[]>;
      pick: fc.Arbitrary<SignalPick>;
      second: fc.Arbitrary<number | undefined>;
    },
    private readonly fixed: Fixed,
  ) {
    super();
  }

  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<Scenario> {
    return this.toValue({
      clients: this.arbs.clients.generate(mrng, biasFactor),
      signal: { kind: 'pick', pick: this.arbs.pick.generate(mrng, biasFactor) },
      second: this.arbs.second.generate(mrng, biasFactor),
    });
  }

  canShrinkWithoutContext(_value: unknown): _value is Scenario {
    return false;
  }

  shrink(_value: Scenario, context: unknown): fc.Stream<fc.Value<Scenario>> {
    if (!isParts(context)) return fc.Stream.nil();
    const parts = context;
    const signalAt = signalTime(parts);
    const clients = this.arbs.clients.shrink(parts.clients.value, parts.clients.context).flatMap((shrunk) => {
      const placed: Parts = { ...parts, clients: shrunk };
      if (parts.signal.kind === 'held' || signalTime(placed) === signalAt) return fc.Stream.of(placed);
      return fc.Stream.of(placed, { ...parts, clients: shrunk, signal: held(signalAt) });
    });
    const signal: fc.Stream<Parts> =
      parts.signal.kind === 'pick'
        ? this.arbs.pick.shrink(parts.signal.pick.value, parts.signal.pick.context).map((pick) => ({ ...parts, signal: { kind: 'pick', pick } }))
        : this.heldTicks.shrink(parts.signal.ticks.value, parts.signal.ticks.context).map((ticks) => ({ ...parts, signal: { kind: 'held', ticks } }));
    const second = this.arbs.second.shrink(parts.second.value, parts.second.context).map((value) => ({ ...parts, second: value }));
    return clients
      .join(signal, second)
      .map((shrunk) => this.toValue(shrunk));
  }

  private toValue(parts: Parts): fc.Value<Scenario> {
    return new fc.Value(buildScenario(parts, this.fixed), parts);
  }
}

/** Contexts come back from fast-check as `unknown`; this one only ever gets what toValue stored. */
function isParts(context: unknown): context is Parts {
  return typeof context === 'object' && context !== null && 'clients' in context && 'signal' in context;
}

function held(signalAt: number): SignalPart {
  return { kind: 'held', ticks: new fc.Value(signalAt / TICK_MS, undefined) };
}

/** A whole number of ticks between the two bounds, shrinking towards `minMs`. */
function ms(minMs: number, maxMs: number): fc.Arbitrary<number> {
  const min = Math.ceil(minMs / TICK_MS);
  const max = Math.max(min, Math.floor(maxMs / TICK_MS));
  return fc.integer({ min, max }).map((ticks) => ticks * TICK_MS);
}

/**
 * A duration up to `longMaxMs`, three times out of four below `shortMaxMs`: the long ones meet the
 * grace period's end, the short ones end inside the drain, and both matter.
 */
function duration(minMs: number, longMaxMs: number, shortMaxMs: number): fc.Arbitrary<number> {
  if (longMaxMs <= shortMaxMs) return ms(minMs, longMaxMs);
  return fc.oneof({ arbitrary: ms(minMs, shortMaxMs), weight: 3 }, { arbitrary: ms(minMs, longMaxMs), weight: 1 });
}

function gaps(minMs: number, maxLength: number): fc.Arbitrary<number[]> {
  return fc.array(ms(minMs, GAP_MAX_MS), { maxLength });
}

function draftArbitraries(graceMs: number): Record<ClientKind, fc.Arbitrary<Draft>> {
  const start = ms(0, START_MAX_MS);
  const latency = duration(0, graceMs * 1.5, SHORT_LATENCY_MAX_MS);
  return {
    http: fc.record({
      kind: fc.constant('http' as const),
      start,
      holdMs: fc.option(latency, { nil: undefined }),
    }),
    // Gaps of 0 are kept: a request due while the previous one is unanswered queues behind it.
    'keep-alive': fc.record({ kind: fc.constant('keep-alive' as const), start, gaps: gaps(0, MAX_KEEP_ALIVE_REQUESTS - 1) }),
    slow: fc.record({ kind: fc.constant('slow' as const), start, latencyMs: latency }),
    stream: fc.record({
      kind: fc.constant('stream' as const),
      start,
      chunks: fc.integer({ min: 1, max: MAX_CHUNKS }),
      // The long branch lets the longest stream run to 1.5 times the grace period.
      everyMs: duration(TICK_MS, (graceMs * 1.5) / MAX_CHUNKS, SHORT_INTERVAL_MAX_MS),
      sse: fc.boolean(),
    }),
    // A message due before the WebSocket is open would be dropped, so messages come at least a tick apart.
    websocket: fc.record({ kind: fc.constant('websocket' as const), start, gaps: gaps(TICK_MS, MAX_MESSAGES) }),
    silent: fc.record({ kind: fc.constant('silent' as const), start }),
    raw: fc.record({ kind: fc.constant('raw' as const), start, gaps: gaps(TICK_MS, MAX_MESSAGES) }),
    late: fc.record({
      kind: fc.constant('late' as const),
      offset: ms(0, LATE_OFFSET_MAX_MS),
      gaps: gaps(0, MAX_LATE_ATTEMPTS - 1),
    }),
  };
}

function signalPickArbitrary(maxClients: number): fc.Arbitrary<SignalPick> {
  const client = fc.nat({ max: maxClients - 1 });
  const index = fc.nat({ max: MAX_EVENT_INDEX });
  const percent = fc.integer({ min: 1, max: 99 });
  return fc.oneof(
    { arbitrary: fc.record({ mode: fc.constant('free' as const), at: ms(0, START_MAX_MS) }), weight: 1 },
    { arbitrary: fc.record({ mode: fc.constant('at' as const), client, index }), weight: 2 },
    { arbitrary: fc.record({ mode: fc.constant('before' as const), client, index, byMs: ms(TICK_MS, 100) }), weight: 2 },
    { arbitrary: fc.record({ mode: fc.constant('inside' as const), client, index, percent }), weight: 3 },
    { arbitrary: fc.record({ mode: fc.constant('idle' as const), client, index, percent }), weight: 3 },
  );
}

function earlySpecs(drafts: Draft[]): (ClientSpec | null)[] {
  return drafts.map((draft, i) => (draft.kind === 'late' ? null : earlySpec(draft, clientId(i))));
}

function signalTime(parts: Parts): number {
  if (parts.signal.kind === 'held') return parts.signal.ticks.value * TICK_MS;
  // Late connectors are placed after the signal, so the signal is placed from the others alone.
  const early = earlySpecs(parts.clients.value).filter((spec): spec is ClientSpec => spec !== null);
  return placeSignal(parts.signal.pick.value, early);
}

function buildScenario(parts: Parts, fixed: Fixed): Scenario {
  const drafts = parts.clients.value;
  const secondOffset = parts.second.value;
  const signalAt = signalTime(parts);
  const early = earlySpecs(drafts);
  const clients = drafts.map((draft, i): ClientSpec => {
    const spec = early[i];
    if (spec) return spec;
    if (draft.kind !== 'late') throw new Error('unreachable: only late connectors are placed after the signal');
    return lateSpec(draft, clientId(i), signalAt);
  });
  return {
    clients,
    signal: fixed.signal,
    signalAt,
    ...(secondOffset !== undefined ? { secondSignal: { signal: fixed.signal, at: signalAt + secondOffset } } : {}),
    graceMs: fixed.graceMs,
    profile: fixed.profile,
  };
}

/** A, B, …, Z, then AA, AB, … as spreadsheet columns go. */
function clientId(index: number): string {
  let n = index;
  let id = '';
  do {
    id = String.fromCharCode(65 + (n % 26)) + id;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return id;
}

/** Running sums: the absolute times of actions that follow `start` by the given gaps. */
function times(start: number, gapsMs: number[]): number[] {
  let t = start;
  return gapsMs.map((gap) => (t += gap));
}

function earlySpec(draft: Exclude<Draft, { kind: 'late' }>, id: string): ClientSpec {
  switch (draft.kind) {
    case 'http':
      return { kind: 'http', id, at: draft.start, path: '/', ...(draft.holdMs !== undefined ? { holdMs: draft.holdMs } : {}) };
    case 'keep-alive':
      return {
        kind: 'keep-alive',
        id,
        at: draft.start,
        requests: [draft.start, ...times(draft.start, draft.gaps)].map((at) => ({ at, path: '/' })),
      };
    case 'slow':
      return { kind: 'slow', id, at: draft.start, latencyMs: draft.latencyMs };
    case 'stream':
      return { kind: 'stream', id, at: draft.start, chunks: draft.chunks, everyMs: draft.everyMs, sse: draft.sse };
    case 'websocket':
    case 'raw':
      return { kind: draft.kind, id, at: draft.start, messages: times(draft.start, draft.gaps) };
    case 'silent':
      return { kind: 'silent', id, at: draft.start };
  }
}

function lateSpec(draft: Extract<Draft, { kind: 'late' }>, id: string, signalAt: number): LateClientSpec {
  const at = signalAt + draft.offset;
  return { kind: 'late', id, at, attempts: times(at, draft.gaps) };
}

type Window = { from: number; to: number };

/** The time a response takes to come out, if the client asks for one that takes time. */
function busyWindows(spec: ClientSpec): Window[] {
  switch (spec.kind) {
    case 'slow':
      return [{ from: spec.at, to: spec.at + spec.latencyMs }];
    case 'stream':
      return [{ from: spec.at, to: spec.at + spec.chunks * spec.everyMs }];
    case 'http':
      return spec.holdMs !== undefined ? [{ from: spec.at, to: spec.at + spec.holdMs }] : [];
    default:
      return [];
  }
}

/**
 * The times a client's connection sits idle: between consecutive actions (a keep-alive connection
 * between requests, a WebSocket between messages) and after its last action or its answer, when an
 * answered connection stays open.
 */
function idleWindows(spec: ClientSpec): Window[] {
  const ops = clientOpTimes(spec);
  const last = Math.max(...ops, ...busyWindows(spec).map((w) => w.to));
  const between = spec.kind === 'keep-alive' || spec.kind === 'websocket' || spec.kind === 'raw' ? ops : [];
  const windows = between.slice(1).map((to, i) => ({ from: between[i] ?? to, to }));
  windows.push({ from: last, to: last + IDLE_TAIL_MS });
  return windows;
}

/** Counting from the end, wrapping around; undefined only for an empty list. */
function fromEnd<T>(items: readonly T[], index: number): T | undefined {
  return items.length === 0 ? undefined : items[items.length - 1 - (index % items.length)];
}

function placeSignal(pick: SignalPick, specs: ClientSpec[]): number {
  switch (pick.mode) {
    case 'free':
      return pick.at;
    case 'at':
      return actionTime(specs, pick.client, pick.index);
    case 'before':
      return Math.max(0, actionTime(specs, pick.client, pick.index) - pick.byMs);
    case 'inside':
    case 'idle': {
      const windowsOf = pick.mode === 'inside' ? busyWindows : idleWindows;
      const spec = fromEnd(
        specs.filter((s) => windowsOf(s).length > 0),
        pick.client,
      );
      const window = spec && fromEnd(windowsOf(spec), pick.index);
      // With no client whose response takes time, 'inside' falls back to the moment of an action.
      if (!window) return actionTime(specs, pick.client, pick.index);
      // Only the first seconds of a long response: what decides its fate is how much of it is left at
      // the signal, and a signal early in it already covers every amount up to 1.5 times the grace.
      return window.from + within(Math.min(window.to - window.from, WINDOW_MAX_MS), pick.percent);
    }
  }
}

function actionTime(specs: ClientSpec[], client: number, index: number): number {
  const spec = fromEnd(specs, client);
  return spec === undefined ? 0 : (fromEnd(clientOpTimes(spec), index) ?? spec.at);
}

/**
 * A tick strictly inside a window of this length, about `percent` of the way along; the window's start
 * when it is too short to have a tick inside.
 */
function within(length: number, percent: number): number {
  if (length < 2 * TICK_MS) return 0;
  const ticks = Math.round((length * percent) / 100 / TICK_MS);
  return Math.min(Math.max(ticks * TICK_MS, TICK_MS), length - TICK_MS);
}

/**
 * A scenario as a few readable steps, one per client and one for the signals, for a failure report.
 * Pure.
 */
export function describeScenario(scenario: Scenario): string[] {
  const lines = scenario.clients.map((spec) => `${spec.id} (${spec.kind}) ${describeClient(spec)}`);
  const signals = [`${scenario.signal} at ${msText(scenario.signalAt)}`];
  if (scenario.secondSignal) signals.push(`a second ${scenario.secondSignal.signal} at ${msText(scenario.secondSignal.at)}`);
  signals.push(`SIGKILL at ${msText(scenario.signalAt + scenario.graceMs)} if still running`);
  lines.push(signals.join('; '));
  return lines;
}

function describeClient(spec: ClientSpec): string {
  switch (spec.kind) {
    case 'http':
      return spec.holdMs === undefined
        ? `sends GET ${spec.path} at ${msText(spec.at)}`
        : `sends GET ${spec.path} answered after ${msText(spec.holdMs)}, at ${msText(spec.at)}`;
    case 'keep-alive': {
      const paths = new Set(spec.requests.map((r) => r.path));
      const [only] = paths;
      return paths.size === 1 && only !== undefined
        ? `sends GET ${only} at ${msList(spec.requests.map((r) => r.at))}`
        : `sends ${spec.requests.map((r) => `GET ${r.path} at ${msText(r.at)}`).join(', ')}`;
    }
    case 'slow':
      return `sends a request answered after ${msText(spec.latencyMs)}, at ${msText(spec.at)}`;
    case 'stream': {
      const what = spec.sse ? `an SSE stream of ${count(spec.chunks, 'event')}` : `a stream of ${count(spec.chunks, 'chunk')}`;
      return `asks for ${what}, one every ${msText(spec.everyMs)}, at ${msText(spec.at)}`;
    }
    case 'websocket':
      return `opens a WebSocket at ${msText(spec.at)} and ${sends(spec.messages, 'a message', 'messages')}`;
    case 'raw':
      return `connects at ${msText(spec.at)} and ${sends(spec.messages, 'a line to be echoed', 'lines to be echoed')}`;
    case 'silent':
      return `connects at ${msText(spec.at)} and sends nothing`;
    case 'late': {
      const at = [spec.at, ...spec.attempts];
      return at.length === 1
        ? `opens a new connection with one GET at ${msText(spec.at)}`
        : `opens a new connection with one GET at each of ${msList(at)}`;
    }
  }
}

function sends(at: number[], one: string, many: string): string {
  if (at.length === 0) return 'sends nothing';
  return at.length === 1 ? `sends ${one} at ${msList(at)}` : `sends ${many} at ${msList(at)}`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function msText(ms: number): string {
  return `${ms} ms`;
}

function msList(ms: number[]): string {
  return ms.map(msText).join(', ');
}
