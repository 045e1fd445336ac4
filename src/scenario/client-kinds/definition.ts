import type fc from 'fast-check';
import type { KindOptions } from '../kinds.js';
import type { Span } from '../spans.js';
import type { SignalName } from '../types.js';

/** What every client spec has: its kind, its id (A, B, …) and when it starts. */
export interface ClientSpecBase {
  kind: string;
  id: string;
  at: number;
}

/** What is drawn for one client before ids and the signal's time are known; tagged with its kind. */
export interface DraftBase {
  kind: string;
}

/** The type of a parsed field; a record of them is checked by parseScenario. */
export type Field =
  | 'number'
  | 'index'
  | 'string'
  | 'boolean'
  | 'numbers'
  | 'requests'
  | 'stream'
  | 'signal'
  | 'profile'
  | 'kind'
  | 'clients'
  | 'second';

/** The fields of a record; a key ending in `?` is optional. */
export type Shape = Record<string, Field>;

/** The kind of target a client kind talks to. */
export type TargetKind = 'http' | 'raw';

/**
 * What a client kind speaks to an HTTP target: HTTP/1.1 in clear text, HTTP/1.1 over TLS, HTTP/2 (in
 * clear text or over TLS, as the target serves it), or nothing above TCP (it fits any listener).
 */
export type Speaks = 'http1' | 'https' | 'h2' | 'tcp';

/** A stretch of (scenario) time. */
export interface Window {
  from: number;
  to: number;
}

/** How spans become durations (see spanMs, spanStream). */
export interface Durations {
  maxMs: number;
  /** focus times and the start of the tolerance band: a stream's rounding keeps its side of them */
  anchors: readonly number[];
  /** every slow answer takes this long: the target's own slow route decides */
  slowLatencyMs?: number;
}

/** The arbitraries a draft is made of, shared by every kind so that each kind draws alike. */
export interface DraftTools {
  /** a client's start */
  start: fc.Arbitrary<number>;
  /** how long a response takes (see spanArbitrary) */
  span: fc.Arbitrary<Span>;
  /** a config request by index, shrinking towards the first; always undefined when the config names none */
  route: fc.Arbitrary<number | undefined>;
  /** how many chunks a stream has */
  chunks: fc.Arbitrary<number>;
}

/** What a spec is checked against when a scenario is validated. */
export interface SpecCheck {
  signalAt: number;
  /** the problems with a config request named by index (`route`), if any */
  route(where: string, index: number | undefined): string[];
}

/**
 * Everything the pure layers know of one client kind: the spec's fields, how specs are drawn, when the
 * client acts, how a spec is checked and how it reads in a report. The socket side lives in
 * clients/registry.ts, keyed by the same kinds.
 *
 * The members are methods, not function-typed properties, on purpose: methods compare bivariantly, so
 * every kind's definition is assignable to the registry's common constraint.
 */
export interface ClientKindDefinition<S extends ClientSpecBase, D extends DraftBase> {
  readonly kind: S['kind'];
  /** the spec's fields besides `kind`, `id` and `at`, as parseScenario checks them */
  readonly fields: Shape;
  /** the targets it can talk to; asked for against another, it is dropped with `wrongTarget`'s reason */
  readonly targets: readonly TargetKind[];
  /** what it speaks to an HTTP target (default `http1`); a target whose listeners speak none of it cannot take it */
  readonly speaks?: Speaks;
  /** why it cannot talk to a raw TCP target, when the general reason does not fit */
  readonly notForRaw?: string;
  /** false: left out of an HTTP target's default mix, given only when asked for (default true) */
  readonly byDefault?: boolean;
  /** one spec of this kind, small, for contract tests */
  readonly example: S;
  /** a reason the target cannot take it besides the kind of target (no agent, no WebSocket), or null */
  unsupported?(options: KindOptions): string | null;

  /** one draft; gaps are relative, so shrinking one away keeps the others' spacing */
  draft(tools: DraftTools): fc.Arbitrary<D>;
  /**
   * The spec, with signal-relative spans resolved against `signalAt` (null while the signal itself is
   * placed); undefined for a client placed after the signal, which does not count for placing it.
   */
  early(draft: D, id: string, durations: Durations, signalAt: number | null): S | undefined;
  /** the spec once the signal's time is known (by default the early one) */
  settle?(draft: D, early: S | undefined, id: string, signalAt: number, durations: Durations): S;
  /** whether a response's length depends on where the signal is */
  spansFromSignal(draft: D): boolean;

  /** its start, then one time per later action (request, message, connection attempt) */
  opTimes(spec: S): number[];
  /** action `op` is written in the signal's own step, right after it */
  withSignal?(spec: S, op: number): boolean;
  /** the times a response is being produced */
  busy?(spec: S): Window[];
  /** the times its connection sits idle between two actions (not after the last one) */
  idleBetween?(spec: S): Window[];
  /** the problems with a spec of this kind, beyond field types and time order */
  validate?(spec: S, check: SpecCheck): string[];
  /** what the client does, as a report says it, after "A (kind) " */
  describe(spec: S, signal: SignalName): string;
}
