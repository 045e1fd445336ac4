import fc from 'fast-check';
import type { DraftTools } from './client-kinds/definition.js';
import { CLIENT_KIND_DEFINITIONS } from './client-kinds/registry.js';
import { duration, ms, START_MAX_MS } from './draw.js';
import { SignalPlacedScenarios, type SecondSignal } from './placed-scenarios.js';
import { signalPickArbitrary } from './signal-pick.js';
import { spanArbitrary, TICK_MS, type SpanShape } from './spans.js';
import { SIGNALS, type ClientKind, type Profile, type Scenario, type SignalName } from './types.js';

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


/** the short branch of a second signal's delay: an impatient operator sends it soon */
const SHORT_DELAY_MAX_MS = 2_000;
const MAX_CHUNKS = 10;
const DEFAULT_MAX_CLIENTS = 8;

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
  const tools = draftTools(shape, requestCount);
  const client = fc.oneof(...kinds.map((kind) => CLIENT_KIND_DEFINITIONS[kind].draft(tools)));
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

/** The parts every kind's draft is drawn from (see ClientKindDefinition.draft). */
function draftTools(shape: SpanShape, requestCount: number): DraftTools {
  return {
    start: ms(0, START_MAX_MS),
    span: spanArbitrary(shape),
    // A config request by index, shrinking towards the first; none when the config names none.
    route: requestCount > 0 ? fc.nat({ max: requestCount - 1 }) : fc.constant(undefined),
    chunks: fc.integer({ min: 1, max: MAX_CHUNKS }),
  };
}
