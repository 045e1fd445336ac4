import fc from 'fast-check';
import type { Window } from './client-kinds/definition.js';
import { definitionOf } from './client-kinds/registry.js';
import { ms, START_MAX_MS } from './draw.js';
import { TICK_MS } from './spans.js';
import { clientOpTimes } from './timeline.js';
import type { ClientSpec } from './types.js';

/** the signal goes at most this far into a response or an idle time, to keep times short */
const WINDOW_MAX_MS = 2_000;
/** how long after its last action a client counts as idle, for placing the signal in that idle time */
const IDLE_TAIL_MS = 1_000;
const MAX_EVENT_INDEX = 7;

/**
 * Where the signal goes, relative to the clients drawn with it. `client` and `index` count from the
 * end of their lists and wrap around: fast-check shrinks an array mostly by keeping a suffix of it, so
 * counting from the end keeps the signal on the same client and the same event while the clients
 * before it (or the gaps before that event) are shrunk away.
 */
export type SignalPick =
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

export function signalPickArbitrary(maxClients: number): fc.Arbitrary<SignalPick> {
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

/** The time a response takes to come out, if the client asks for one that takes time. */
function busyWindows(spec: ClientSpec): Window[] {
  return definitionOf(spec.kind).busy?.(spec) ?? [];
}

/**
 * The times a client's connection sits idle: between consecutive actions (a keep-alive connection
 * between one answer and the next request, a WebSocket between messages) and after its last action or
 * its answer, when an answered connection stays open.
 */
function idleWindows(spec: ClientSpec): Window[] {
  const ops = clientOpTimes(spec);
  const last = Math.max(...ops, ...busyWindows(spec).map((w) => w.to));
  const windows = (definitionOf(spec.kind).idleBetween?.(spec) ?? []).filter((w) => w.from < w.to);
  windows.push({ from: last, to: last + IDLE_TAIL_MS });
  return windows;
}

/** Counting from the end, wrapping around; undefined only for an empty list. */
function fromEnd<T>(items: readonly T[], index: number): T | undefined {
  return items.length === 0 ? undefined : items[items.length - 1 - (index % items.length)];
}

export function placeSignal(pick: SignalPick, specs: ClientSpec[]): number {
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
