import fc from 'fast-check';
import { WindowedInteger, type Window } from './windowed.js';

/**
 * Times are whole multiples of this, so a counterexample reads as "at 120 ms", not "at 117 ms", and
 * shrinking takes fewer steps.
 */
export const TICK_MS = 10;

/** How long a response takes, as drawn: from the request's start, or up to a time after the signal. */
export interface Span {
  /**
   * `start`: the response takes `ms`. `signal`: it is placed to end `ms` after the first signal (what
   * decides its fate is where its end falls in the drain, not how long it is).
   */
  from: 'start' | 'signal';
  ms: number;
}

/** What the span windows are drawn around. */
export interface SpanShape {
  graceMs: number;
  /**
   * The checkers' deadline tolerance: a request whose natural end falls within this of the grace
   * period's end is judged by `deadline` alone, so "just before the grace end" must end before it.
   */
  toleranceMs: number;
  /** the longest latency or stream drawn */
  maxMs: number;
  /** times after the signal at which earlier runs saw the target cut work or end */
  focusMs: readonly number[];
}

/** The short branch: responses that end early in the drain, where most shutdowns are decided. */
const SHORT_MS = 2_000;
/** How far before or after a focus time, or before the tolerance band, a "just" is. */
export const NEAR_MS = 500;

/**
 * Weights per window. With no focus the signal-relative windows still get their share, spread over the
 * whole drain, just below the grace end's tolerance band, inside it and past it; each focus time adds
 * windows just before it and just after it. Weights are scaled by the number of focus times so that
 * focus windows together keep one share however many times were learnt.
 */
const WEIGHTS = { short: 3, spreadFromStart: 2, spreadInDrain: 2, belowGrace: 2, band: 1, past: 2, focusBefore: 2, focusAfter: 2 };

/** Whole ticks in [fromMs, toMs] ∩ [0, maxMs], or null when that holds none. */
function ticks(fromMs: number, toMs: number, maxMs: number, weight: number): Window | null {
  const min = Math.max(0, Math.ceil(fromMs / TICK_MS));
  const max = Math.min(Math.floor(maxMs / TICK_MS), Math.floor(toMs / TICK_MS));
  return min <= max ? { min, max, weight } : null;
}

/**
 * Spans for one grace period: three times in ten from the request's start (mostly short, else spread
 * up to `maxMs`), the rest placed relative to the signal (see WEIGHTS). A span shrinks towards 0 ms
 * and keeps where it counts from, so a long failing response shrinks to a shorter one that still
 * fails: from the start, a shorter response; from the signal, one that ends sooner after it.
 */
export function spanArbitrary(shape: SpanShape): fc.Arbitrary<Span> {
  const { graceMs: g, toleranceMs: tol, maxMs } = shape;
  const focus = [...new Set(shape.focusMs)];
  const scale = Math.max(1, focus.length);
  const maxTicks = Math.floor(maxMs / TICK_MS);
  const fromStart = [ticks(0, SHORT_MS, maxMs, WEIGHTS.short * scale), ticks(0, maxMs, maxMs, WEIGHTS.spreadFromStart * scale)];
  const fromSignal = [
    ticks(0, g, maxMs, WEIGHTS.spreadInDrain * scale),
    ticks(g - tol - NEAR_MS, g - tol - TICK_MS, maxMs, WEIGHTS.belowGrace * scale),
    ticks(g - tol, g + tol, maxMs, WEIGHTS.band * scale),
    ticks(g + tol, 1.5 * g, maxMs, WEIGHTS.past * scale),
    ...focus.flatMap((f) => [
      ticks(f - NEAR_MS, f - TICK_MS, maxMs, WEIGHTS.focusBefore),
      ticks(f, f + NEAR_MS, maxMs, WEIGHTS.focusAfter),
    ]),
  ];
  const present = (windows: (Window | null)[]): Window[] => windows.filter((w): w is Window => w !== null);
  const start = present(fromStart);
  const signal = present(fromSignal);
  const weight = (windows: Window[]): number => windows.reduce((sum, w) => sum + w.weight, 0);
  const branch = (from: Span['from'], windows: Window[]): { arbitrary: fc.Arbitrary<Span>; weight: number } => ({
    arbitrary: new WindowedInteger(windows, maxTicks).map((n): Span => ({ from, ms: n * TICK_MS })),
    weight: weight(windows),
  });
  if (signal.length === 0) return branch('start', start).arbitrary;
  return fc.oneof(branch('start', start), branch('signal', signal));
}

/** Where a span's response ends up, once the request's start and the signal's time are known. */
export interface SpanPlacement {
  /** the request's start */
  at: number;
  /**
   * The first signal's time; null while the signal itself is being placed: a signal-relative span then
   * counts as if the signal came at the request's start, so that the signal never depends on itself.
   */
  signalAt: number | null;
}

/** A span as a duration in whole ticks: the latency of a response starting at `at`, in [0, maxMs]. */
export function spanMs(span: Span, place: SpanPlacement, maxMs: number): number {
  const ms = span.from === 'start' || place.signalAt === null ? span.ms : place.signalAt + span.ms - place.at;
  return Math.min(Math.max(0, ms), Math.floor(maxMs / TICK_MS) * TICK_MS);
}

/**
 * A stream of `chunks` chunks lasting about a span: one chunk every `everyMs` (at least a tick). A
 * signal-relative span is rounded away from the nearest of `anchors` (focus times, the start of the
 * tolerance band), so that a stream drawn to end just before one ends before it, and one drawn just
 * after it ends after it.
 */
export function spanStream(
  span: Span,
  chunks: number,
  place: SpanPlacement,
  shape: Pick<SpanShape, 'maxMs'> & { anchors: readonly number[] },
): { chunks: number; everyMs: number } {
  const total = spanMs(span, place, shape.maxMs);
  const exact = total / chunks / TICK_MS;
  let every: number;
  if (span.from === 'signal' && place.signalAt !== null) {
    const nearest = shape.anchors.reduce<number | null>(
      (best, a) => (best === null || Math.abs(a - span.ms) < Math.abs(best - span.ms) ? a : best),
      null,
    );
    every = nearest !== null && span.ms >= nearest ? Math.ceil(exact) : Math.floor(exact);
  } else {
    every = Math.round(exact);
  }
  every = Math.max(1, every);
  // Rounding up must not take the stream past the longest one drawn.
  if (chunks * every * TICK_MS > shape.maxMs) every = Math.max(1, Math.floor(shape.maxMs / chunks / TICK_MS));
  return { chunks, everyMs: every * TICK_MS };
}
