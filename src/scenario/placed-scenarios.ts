import fc from 'fast-check';
import type { Durations } from './client-kinds/definition.js';
import { definitionOf, type Draft } from './client-kinds/registry.js';
import { placeSignal, type SignalPick } from './signal-pick.js';
import { TICK_MS } from './spans.js';
import type { ClientSpec, Profile, Scenario, SignalName } from './types.js';

export interface SecondSignal {
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

export interface Fixed {
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
export class SignalPlacedScenarios extends fc.Arbitrary<Scenario> {
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
    const spans = parts.clients.value.some((draft) => definitionOf(draft.kind).spansFromSignal(draft));
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

/** The clients placed before the signal (all but late connectors), with the signal at `signalAt`. */
function earlySpecs(drafts: Draft[], durations: Durations, signalAt: number | null): (ClientSpec | undefined)[] {
  return drafts.map((draft, i) => definitionOf(draft.kind).early(draft, clientId(i), durations, signalAt));
}

function signalTime(parts: Parts, durations: Durations): number {
  if (parts.signal.kind === 'held') return parts.signal.ticks.value * TICK_MS;
  // Late connectors are placed after the signal, so the signal is placed from the others alone, with
  // signal-relative spans taken as if the signal came at their request's start.
  const early = earlySpecs(parts.clients.value, durations, null).filter((spec): spec is ClientSpec => spec !== undefined);
  return placeSignal(parts.signal.pick.value, early);
}


export function buildScenario(parts: Parts, fixed: Fixed): Scenario {
  const drafts = parts.clients.value;
  const second = parts.second.value;
  const signalAt = signalTime(parts, fixed.durations);
  const early = earlySpecs(drafts, fixed.durations, parts.spansFrom ?? signalAt);
  const clients = drafts.map((draft, i): ClientSpec => {
    const settle = definitionOf(draft.kind).settle;
    return settle ? settle(draft, early[i], clientId(i), signalAt, fixed.durations) : (early[i] ?? unplaced(draft));
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

function unplaced(draft: Draft): never {
  throw new Error(`unreachable: a ${draft.kind} client placed after the signal needs its kind's settle`);
}
