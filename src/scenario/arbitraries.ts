import fc from 'fast-check';
import { spanArbitrary, spanMs, spanStream, TICK_MS, type Span, type SpanPlacement, type SpanShape } from './spans.js';
import { clientOpTimes } from './timeline.js';
import {
  SIGNALS,
  type ClientKind,
  type ClientSpec,
  type KeepAliveRequest,
  type LateClientSpec,
  type Profile,
  type Scenario,
  type SignalName,
} from './types.js';

export { describeScenario } from './describe.js';
export { TICK_MS } from './spans.js';

export interface ScenarioArbitraryOptions {
  /** the kinds clients are drawn from (see supportedKinds); at least one */
  kinds: readonly ClientKind[];
  graceMs: number;
  signal: SignalName;
  profile: Profile;
  /** also draw an optional second signal, the same one again, between the first and the grace end */
  secondSignal?: boolean;
  /**
   * also draw an optional second signal, one of these (SIGTERM again, as `docker stop` or a repeated
   * Ctrl-C sends it; SIGINT after SIGTERM, ...); given and not empty, it wins over `secondSignal`
   */
  secondSignals?: readonly SignalName[];
  /** default 8 */
  maxClients?: number;
  /**
   * Times after the first signal (ms) at which earlier runs saw the target cut work or end (see
   * focusTimes): a share of the latencies, stream lengths and keep-alive requests drawn is placed to
   * end just before and just after each. Frozen for the arbitrary's life: one focus, one seed and one
   * path give one scenario.
   */
  focusMs?: readonly number[];
  /** the longest latency, and stream length, drawn (default 1.5 × the grace period) */
  maxLatencyMs?: number;
  /** the target's slow route always takes this long (the config's `routes.slow: { path, latency }`) */
  slowLatencyMs?: number;
  /** how many ordinary requests the config names: keep-alive, late and http clients send them by index */
  requestCount?: number;
  /**
   * the checkers' deadline tolerance for this grace period (default max(100 ms, 5 % of it), as
   * defaultCheckOptions has it): "just before the grace end" is drawn to end before that band
   */
  toleranceMs?: number;
}

/** client starts and signal times drawn freely stay below this */
const START_MAX_MS = 2_000;
/** idle gaps between a client's requests, messages or connection attempts */
const GAP_MAX_MS = 1_000;
/** how long after the signal a late connector first tries */
const LATE_OFFSET_MAX_MS = 2_000;
/** the short branch of a second signal's delay: an impatient operator sends it soon */
const SHORT_DELAY_MAX_MS = 2_000;
/** the signal goes at most this far into a response or an idle time, to keep times short */
const WINDOW_MAX_MS = 2_000;
/** how long after its last action a client counts as idle, for placing the signal in that idle time */
const IDLE_TAIL_MS = 1_000;
/**
 * The longest idle time before a request written with the signal. Servers close a connection idle for
 * longer than their keep-alive timeout (Node's default 5 s, gunicorn's 2 s), and then the request would
 * open a new connection at the signal's instant: a race of another kind than the one it is drawn for.
 */
const RACE_IDLE_MAX_MS = 1_000;
const MAX_KEEP_ALIVE_REQUESTS = 5;
const MAX_MESSAGES = 4;
const MAX_LATE_ATTEMPTS = 4;
const MAX_CHUNKS = 10;
const MAX_EVENT_INDEX = 7;
const DEFAULT_MAX_CLIENTS = 8;

/** What a keep-alive request asks for, before the signal's time is known. */
type Ask =
  /** a quick GET of `/`, or the config's request number `route` */
  | { kind: 'plain'; route: number | undefined }
  | { kind: 'slow'; span: Span }
  | { kind: 'stream'; chunks: number; span: Span; sse: boolean };

/**
 * What is drawn for one client, before ids and the signal time are known. Gaps are relative (the time
 * since the previous action), so removing one while shrinking keeps the others' spacing; a late
 * connector's first attempt is relative to the signal. A keep-alive client with `race` writes one more
 * request right after the signal, if its connection is idle by then (see raceRequest).
 */
type Draft =
  | { kind: 'http'; start: number; hold: Span | undefined; route: number | undefined }
  | { kind: 'keep-alive'; start: number; first: Ask; rest: { gap: number; ask: Ask }[]; race: Ask | undefined }
  | { kind: 'slow'; start: number; span: Span }
  | { kind: 'stream'; start: number; chunks: number; span: Span; sse: boolean }
  | { kind: 'websocket'; start: number; gaps: number[] }
  | { kind: 'silent'; start: number }
  | { kind: 'raw'; start: number; gaps: number[] }
  | { kind: 'late'; offset: number; gaps: number[]; route: number | undefined };

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
 * Latencies and stream lengths reach over the whole grace period: besides short ones, some are spread
 * over all of it, and some are placed relative to the signal, to end just before the checkers' deadline
 * tolerance band, inside it, past the grace end, and just before and just after each of `focusMs` (see
 * spanArbitrary). Keep-alive requests ask for quick answers, slow ones and streams alike, and some
 * keep-alive clients write a request right after the signal on their idle connection.
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
  const shape = spanShape(options);
  const requestCount = wholeOption('requestCount', options.requestCount, 0) ?? 0;
  const slowLatencyMs = wholeOption('slowLatencyMs', options.slowLatencyMs, 0);
  const drafts = draftArbitraries(shape, requestCount);
  const client = fc.oneof(...kinds.map((kind) => drafts[kind]));
  // Not `minLength: 1`: fast-check never drops the last element of an array at its minimum length, so
  // a needless last client would survive every shrink. An empty draw is rare and simply drawn again.
  // `size: 'max'`, or fast-check's default size would never draw more than 10 clients.
  const clients = fc.array(client, { maxLength: maxClients, size: 'max' }).filter((list) => list.length > 0);
  return new SignalPlacedScenarios(
    { clients, pick: signalPickArbitrary(maxClients), second: secondSignalArbitrary(options) },
    {
      graceMs,
      signal,
      profile,
      durations: {
        maxMs: shape.maxMs,
        anchors: [...shape.focusMs, graceMs - shape.toleranceMs],
        ...(slowLatencyMs !== undefined ? { slowLatencyMs } : {}),
      },
    },
  );
}

function wholeOption(name: string, value: number | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} is ${value}; it must be an integer >= ${min}`);
  return value;
}

function spanShape(options: ScenarioArbitraryOptions): SpanShape {
  const { graceMs } = options;
  const maxMs = wholeOption('maxLatencyMs', options.maxLatencyMs, TICK_MS) ?? Math.floor(graceMs * 1.5);
  const toleranceMs = options.toleranceMs ?? Math.max(100, 0.05 * graceMs);
  if (!(toleranceMs >= 0)) throw new RangeError(`toleranceMs is ${toleranceMs}; it must be >= 0`);
  const focusMs = (options.focusMs ?? []).map((f) => {
    if (!(Number.isFinite(f) && f >= 0)) throw new RangeError(`focusMs holds ${f}; focus times are ms >= 0 after the signal`);
    return Math.round(f / TICK_MS) * TICK_MS;
  });
  return { graceMs, toleranceMs, maxMs, focusMs: [...new Set(focusMs)].sort((a, b) => a - b) };
}

/**
 * Half the scenarios get one, when asked for: one of the signals given (the first signal again by
 * default), any time before the grace end, mostly soon after the first signal, as an impatient
 * operator sends it. It shrinks towards the first signal listed and to no delay.
 */
function secondSignalArbitrary(options: ScenarioArbitraryOptions): fc.Arbitrary<SecondSignal | undefined> {
  const given = options.secondSignals ?? [];
  for (const s of given) if (!SIGNALS.includes(s)) throw new RangeError(`secondSignals holds ${String(s)}; use ${SIGNALS.join(', ')}`);
  const signals = given.length > 0 ? [...new Set(given)] : options.secondSignal ? [options.signal] : [];
  if (signals.length === 0) return fc.constant(undefined);
  const delay = duration(0, options.graceMs - 1, SHORT_DELAY_MAX_MS);
  return fc.option(fc.record({ signal: fc.constantFrom(...signals), delay }), { nil: undefined, freq: 2 });
}

interface SecondSignal {
  signal: SignalName;
  /** after the first */
  delay: number;
}

/** Where the signal is, while a scenario shrinks: still placed by its pick, or held at a time. */
type SignalPart = { kind: 'pick'; pick: fc.Value<SignalPick> } | { kind: 'held'; ticks: fc.Value<number> };

/** A generated scenario's parts, each with the context its own arbitrary needs to shrink it. */
interface Parts {
  clients: fc.Value<Draft[]>;
  signal: SignalPart;
  second: fc.Value<SecondSignal | undefined>;
  /**
   * Absent, signal-relative spans end relative to the signal wherever it is. Set (frozen), they end
   * relative to this time, whatever becomes of the signal (see SignalPlacedScenarios).
   */
  spansFrom?: number;
}

/** How spans become durations (see spanMs, spanStream). */
interface Durations {
  maxMs: number;
  /** focus times and the start of the tolerance band: a stream's rounding keeps its side of them */
  anchors: readonly number[];
  /** every slow answer takes this long: the target's own slow route decides */
  slowLatencyMs?: number;
}

interface Fixed {
  graceMs: number;
  signal: SignalName;
  profile: Profile;
  durations: Durations;
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
 *
 * The signal is placed from what does not depend on it: spans measured from the signal count, for
 * placing it, as if it came at their request's start (SpanPlacement), and the request a keep-alive
 * client writes with the signal is added after. Only then are those spans resolved against it.
 *
 * A signal-relative span keeps its response's end where the failure put it while clients' starts
 * shrink, but it ties the response's length to the signal's time: moving the signal earlier shortens
 * the response as much. So once nothing else shrinks, one last candidate (the same scenario) freezes
 * such spans at the signal's current time and holds the signal there; from then on the signal shrinks
 * on its own, as a plain time, and the time the frozen spans count from shrinks too (every such
 * response shorter by as much).
 */
class SignalPlacedScenarios extends fc.Arbitrary<Scenario> {
  private readonly heldTicks = fc.integer({ min: 0 });

  constructor(
    private readonly arbs: {
      clients: fc.Arbitrary<Draft[]>;
      pick: fc.Arbitrary<SignalPick>;
      second: fc.Arbitrary<SecondSignal | undefined>;
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
    const durations = this.fixed.durations;
    const signalAt = signalTime(parts, durations);
    const clients = this.arbs.clients.shrink(parts.clients.value, parts.clients.context).flatMap((shrunk) => {
      const placed: Parts = { ...parts, clients: shrunk };
      if (parts.signal.kind === 'held' || signalTime(placed, durations) === signalAt) return fc.Stream.of(placed);
      return fc.Stream.of(placed, { ...parts, clients: shrunk, signal: held(signalAt) });
    });
    const heldSooner = (ticks: fc.Value<number>): fc.Stream<Parts> =>
      this.heldTicks.shrink(ticks.value, ticks.context).map((shrunk) => ({ ...parts, signal: { kind: 'held', ticks: shrunk } }));
    // A pick shrinks within its own mode (the same event, earlier in its window); where that is at its
    // smallest, the signal may still go earlier as a plain time.
    const signal: fc.Stream<Parts> =
      parts.signal.kind === 'pick'
        ? this.arbs.pick
            .shrink(parts.signal.pick.value, parts.signal.pick.context)
            .map((pick): Parts => ({ ...parts, signal: { kind: 'pick', pick } }))
            .join(heldSooner(new fc.Value(signalAt / TICK_MS, undefined)))
        : heldSooner(parts.signal.ticks);
    const second = this.arbs.second.shrink(parts.second.value, parts.second.context).map((value) => ({ ...parts, second: value }));
    const spans = parts.clients.value.some(hasSignalSpan);
    const freeze: fc.Stream<Parts> =
      spans && parts.spansFrom === undefined
        ? fc.Stream.of({ ...parts, spansFrom: signalAt, signal: held(signalAt) })
        : spans && parts.spansFrom !== undefined
          ? // Frozen spans end relative to a time that can come earlier too: every such response shorter.
            this.heldTicks.shrink(parts.spansFrom / TICK_MS, undefined).map((ticks) => ({ ...parts, spansFrom: ticks.value * TICK_MS }))
          : fc.Stream.nil();
    return clients
      .join(signal, second, freeze)
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

/** A duration up to `longMaxMs`, three times out of four below `shortMaxMs`. */
function duration(minMs: number, longMaxMs: number, shortMaxMs: number): fc.Arbitrary<number> {
  if (longMaxMs <= shortMaxMs) return ms(minMs, longMaxMs);
  return fc.oneof({ arbitrary: ms(minMs, shortMaxMs), weight: 3 }, { arbitrary: ms(minMs, longMaxMs), weight: 1 });
}

function gaps(minMs: number, maxLength: number): fc.Arbitrary<number[]> {
  return fc.array(ms(minMs, GAP_MAX_MS), { maxLength });
}

function draftArbitraries(shape: SpanShape, requestCount: number): Record<ClientKind, fc.Arbitrary<Draft>> {
  const start = ms(0, START_MAX_MS);
  const span = spanArbitrary(shape);
  // A config request by index, shrinking towards the first; none when the config names none.
  const route: fc.Arbitrary<number | undefined> = requestCount > 0 ? fc.nat({ max: requestCount - 1 }) : fc.constant(undefined);
  const chunks = fc.integer({ min: 1, max: MAX_CHUNKS });
  const plain = fc.record({ kind: fc.constant('plain' as const), route });
  // Cross-shrink: a slow or streaming request that the failure does not need shrinks to a quick one.
  const ask: fc.Arbitrary<Ask> = fc.oneof(
    { withCrossShrink: true },
    { arbitrary: plain, weight: 2 },
    { arbitrary: fc.record({ kind: fc.constant('slow' as const), span }), weight: 1 },
    { arbitrary: fc.record({ kind: fc.constant('stream' as const), chunks, span, sse: fc.boolean() }), weight: 1 },
  );
  return {
    http: fc.record({
      kind: fc.constant('http' as const),
      start,
      hold: fc.option(span, { nil: undefined }),
      route,
    }),
    // Gaps of 0 are kept: a request due while the previous one is unanswered queues behind it. One
    // keep-alive client in two tries the race; it shrinks to none.
    'keep-alive': fc.record({
      kind: fc.constant('keep-alive' as const),
      start,
      first: ask,
      rest: fc.array(fc.record({ gap: ms(0, GAP_MAX_MS), ask }), { maxLength: MAX_KEEP_ALIVE_REQUESTS - 1 }),
      race: fc.oneof({ withCrossShrink: true }, { arbitrary: fc.constant(undefined), weight: 1 }, { arbitrary: plain, weight: 1 }),
    }),
    slow: fc.record({ kind: fc.constant('slow' as const), start, span }),
    stream: fc.record({ kind: fc.constant('stream' as const), start, chunks, span, sse: fc.boolean() }),
    // A message due before the WebSocket is open would be dropped, so messages come at least a tick apart.
    websocket: fc.record({ kind: fc.constant('websocket' as const), start, gaps: gaps(TICK_MS, MAX_MESSAGES) }),
    silent: fc.record({ kind: fc.constant('silent' as const), start }),
    raw: fc.record({ kind: fc.constant('raw' as const), start, gaps: gaps(TICK_MS, MAX_MESSAGES) }),
    late: fc.record({
      kind: fc.constant('late' as const),
      offset: ms(0, LATE_OFFSET_MAX_MS),
      gaps: gaps(0, MAX_LATE_ATTEMPTS - 1),
      route,
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

/** The clients placed before the signal (all but late connectors), with the signal at `signalAt`. */
function earlySpecs(drafts: Draft[], durations: Durations, signalAt: number | null): (ClientSpec | null)[] {
  return drafts.map((draft, i) => (draft.kind === 'late' ? null : earlySpec(draft, clientId(i), durations, signalAt)));
}

function signalTime(parts: Parts, durations: Durations): number {
  if (parts.signal.kind === 'held') return parts.signal.ticks.value * TICK_MS;
  // Late connectors are placed after the signal, so the signal is placed from the others alone, with
  // signal-relative spans taken as if the signal came at their request's start.
  const early = earlySpecs(parts.clients.value, durations, null).filter((spec): spec is ClientSpec => spec !== null);
  return placeSignal(parts.signal.pick.value, early);
}

function hasSignalSpan(draft: Draft): boolean {
  const fromSignal = (span: Span | undefined): boolean => span?.from === 'signal';
  const asks = (ask: Ask): boolean => ask.kind !== 'plain' && fromSignal(ask.span);
  switch (draft.kind) {
    case 'http':
      return fromSignal(draft.hold);
    case 'keep-alive':
      return asks(draft.first) || draft.rest.some((r) => asks(r.ask));
    case 'slow':
    case 'stream':
      return fromSignal(draft.span);
    default:
      return false;
  }
}

function buildScenario(parts: Parts, fixed: Fixed): Scenario {
  const drafts = parts.clients.value;
  const second = parts.second.value;
  const signalAt = signalTime(parts, fixed.durations);
  const early = earlySpecs(drafts, fixed.durations, parts.spansFrom ?? signalAt);
  const clients = drafts.map((draft, i): ClientSpec => {
    const spec = early[i];
    if (spec?.kind === 'keep-alive' && draft.kind === 'keep-alive' && draft.race) return raceRequest(spec, draft.race, signalAt, fixed.durations);
    if (spec) return spec;
    if (draft.kind !== 'late') throw new Error('unreachable: only late connectors are placed after the signal');
    return lateSpec(draft, clientId(i), signalAt);
  });
  return {
    clients,
    signal: fixed.signal,
    signalAt,
    ...(second !== undefined ? { secondSignal: { signal: second.signal, at: signalAt + second.delay } } : {}),
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

function earlySpec(draft: Exclude<Draft, { kind: 'late' }>, id: string, durations: Durations, signalAt: number | null): ClientSpec {
  const at = draft.start;
  const latency = (span: Span, from: number): number => durations.slowLatencyMs ?? spanMs(span, { at: from, signalAt }, durations.maxMs);
  switch (draft.kind) {
    case 'http': {
      const what = draft.route !== undefined ? { route: draft.route } : { path: '/' };
      const hold = draft.hold && { holdMs: spanMs(draft.hold, { at, signalAt }, durations.maxMs) };
      return { kind: 'http', id, at, ...what, ...hold };
    }
    case 'keep-alive': {
      const asks = [draft.first, ...draft.rest.map((r) => r.ask)];
      const due = [at, ...times(at, draft.rest.map((r) => r.gap))];
      return { kind: 'keep-alive', id, at, requests: asks.map((ask, i) => keepAliveRequest(ask, { at: due[i] ?? at, signalAt }, durations)) };
    }
    case 'slow':
      return { kind: 'slow', id, at, latencyMs: latency(draft.span, at) };
    case 'stream':
      return { kind: 'stream', id, at, ...spanStream(draft.span, draft.chunks, { at, signalAt }, durations), sse: draft.sse };
    case 'websocket':
    case 'raw':
      return { kind: draft.kind, id, at, messages: times(at, draft.gaps) };
    case 'silent':
      return { kind: 'silent', id, at };
  }
}

function keepAliveRequest(ask: Ask, place: SpanPlacement, durations: Durations): KeepAliveRequest {
  const { at } = place;
  switch (ask.kind) {
    case 'plain':
      return ask.route !== undefined ? { at, route: ask.route } : { at, path: '/' };
    case 'slow':
      return { at, latencyMs: durations.slowLatencyMs ?? spanMs(ask.span, place, durations.maxMs) };
    case 'stream':
      return { at, stream: { ...spanStream(ask.span, ask.chunks, place, durations), sse: ask.sse } };
  }
}

/** How long a keep-alive request's answer takes, as the scenario says (a quick one: no time). */
function requestMs(r: KeepAliveRequest): number {
  if (r.latencyMs !== undefined) return r.latencyMs;
  if (r.stream !== undefined) return r.stream.chunks * r.stream.everyMs;
  return 0;
}

/**
 * The keep-alive race on purpose: when the client's connection is idle at the signal (its last
 * request before the signal answered, by the scenario's own times, at most RACE_IDLE_MAX_MS before
 * it), one more request goes out on it
 * in the signal's own step, right after the signal (`withSignal`), where a server that closes idle
 * connections on the signal meets it. It goes after every request due at or before the signal, so the
 * requests stay in the order they are written.
 */
function raceRequest(spec: Extract<ClientSpec, { kind: 'keep-alive' }>, ask: Ask, signalAt: number, durations: Durations): ClientSpec {
  const k = spec.requests.findIndex((r) => r.at > signalAt);
  const before = k === -1 ? spec.requests : spec.requests.slice(0, k);
  // A connection opened before the signal, then: the race needs one to reuse.
  if (before.length === 0) return spec;
  // Each request goes out when it is due and the one before it is answered.
  let end = -Infinity;
  for (const r of before) end = Math.max(r.at, end) + requestMs(r);
  if (!(end < signalAt && signalAt - end <= RACE_IDLE_MAX_MS)) return spec;
  const race: KeepAliveRequest = { ...keepAliveRequest(ask, { at: signalAt, signalAt }, durations), withSignal: true };
  return { ...spec, requests: [...before, race, ...spec.requests.slice(before.length)] };
}

function lateSpec(draft: Extract<Draft, { kind: 'late' }>, id: string, signalAt: number): LateClientSpec {
  const at = signalAt + draft.offset;
  return { kind: 'late', id, at, attempts: times(at, draft.gaps), ...(draft.route !== undefined ? { route: draft.route } : {}) };
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
    case 'keep-alive':
      return spec.requests.filter((r) => requestMs(r) > 0).map((r) => ({ from: r.at, to: r.at + requestMs(r) }));
    default:
      return [];
  }
}

/**
 * The times a client's connection sits idle: between consecutive actions (a keep-alive connection
 * between one answer and the next request, a WebSocket between messages) and after its last action or
 * its answer, when an answered connection stays open.
 */
function idleWindows(spec: ClientSpec): Window[] {
  const ops = clientOpTimes(spec);
  const last = Math.max(...ops, ...busyWindows(spec).map((w) => w.to));
  let windows: Window[] = [];
  if (spec.kind === 'keep-alive') {
    windows = spec.requests.slice(1).map((r, i) => {
      const previous = spec.requests[i];
      return { from: previous ? previous.at + requestMs(previous) : r.at, to: r.at };
    });
  } else if (spec.kind === 'websocket' || spec.kind === 'raw') {
    windows = ops.slice(1).map((to, i) => ({ from: ops[i] ?? to, to }));
  }
  windows = windows.filter((w) => w.from < w.to);
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
