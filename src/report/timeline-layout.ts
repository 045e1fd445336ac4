import type { History, HistoryEvent } from '../history/events.js';

/**
 * Where the SVG timeline puts things along its horizontal axis. Pure.
 *
 * The axis is ordered by the executor's steps, not proportional to time: a history spans anything from
 * a few virtual milliseconds to a whole grace period, and on a proportional axis a request answered at
 * 5 ms would be invisible next to a SIGKILL at 30 005 ms. Under the virtual clock many events also
 * share one millisecond, and often one step, so a step is not one column either: inside a step every
 * drawn event gets a slot of its own, in the history's order (the canonical order, cause before effect
 * in the common case — history/canonical.ts). A marker (a signal, the listener's close, the exit)
 * crosses every lane, so it takes a slot that nothing else shares; events of different clients may
 * share a slot, since each is drawn in its own lane. Nothing drawn therefore hides anything else, and
 * what a reader sees left of a marker was recorded before it.
 *
 * A slot holds events of one step and one time, so times never decrease from left to right and the
 * axis writes each time once, under the run of slots that share it.
 */

/** Where an event is drawn: across every lane, in one client's lane, or not on the axis at all. */
export type Placement = { marker: true } | { marker: false; lane: string } | null;

export interface Slot {
  step: number;
  t: number;
}

export interface Slots {
  /** the slot of each event of the history, by its index; -1 for an event not drawn */
  slotOf: number[];
  slots: Slot[];
}

/** Gives each drawn event its slot: see the module's comment. */
export function assignSlots(history: History, placementOf: (e: HistoryEvent) => Placement): Slots {
  const slots: Slot[] = [];
  const slotOf: number[] = [];
  // The first slot events may use, and each lane's next free slot at or after it.
  let floor = 0;
  let next = new Map<string, number>();
  let previous: Slot | null = null;
  history.forEach((e) => {
    const placement = placementOf(e);
    if (!placement) {
      slotOf.push(-1);
      return;
    }
    if (!previous || previous.step !== e.step || previous.t !== e.t) {
      floor = slots.length;
      next = new Map();
    }
    previous = { step: e.step, t: e.t };
    let slot: number;
    if (placement.marker) {
      slot = slots.length;
      floor = slot + 1;
      next = new Map();
    } else {
      slot = Math.max(floor, next.get(placement.lane) ?? floor);
      next.set(placement.lane, slot + 1);
    }
    if (slot === slots.length) slots.push({ step: e.step, t: e.t });
    slotOf.push(slot);
  });
  return { slotOf, slots };
}

/** How much of a slot's width separates two steps: the gap that shows where one step ends. */
export const STEP_GAP = 0.5;

/** Each slot's offset along the axis in slot widths, with a gap before each new step. */
export function slotOffsets(slots: readonly Slot[]): number[] {
  let gaps = 0;
  return slots.map((slot, i) => {
    if (i > 0 && slot.step !== slots[i - 1]?.step) gaps++;
    return i + 0.5 + gaps * STEP_GAP;
  });
}

/** The slot widths the whole axis spans: every slot and every gap between steps. */
export function axisUnits(slots: readonly Slot[]): number {
  const offsets = slotOffsets(slots);
  return (offsets[offsets.length - 1] ?? -0.5) + 0.5;
}

/** Where the gaps between steps are, in slot widths: a separator is drawn in each. */
export function stepBoundaries(slots: readonly Slot[]): number[] {
  const offsets = slotOffsets(slots);
  const out: number[] = [];
  slots.forEach((slot, i) => {
    const before = offsets[i - 1];
    if (i > 0 && before !== undefined && slot.step !== slots[i - 1]?.step) out.push((before + (offsets[i] ?? 0)) / 2);
  });
  return out;
}

/** A time written under the axis, once for the run of slots that share it. */
export interface Tick {
  label: string;
  /** the first and last slot of the run */
  first: number;
  last: number;
}

export function formatTime(t: number): string {
  return `${t} ms`;
}

/** One tick per run of slots with the same time; slots' times never decrease, so no label repeats. */
export function ticks(slots: readonly Slot[]): Tick[] {
  const out: Tick[] = [];
  slots.forEach((slot, i) => {
    const last = out[out.length - 1];
    if (last && slots[last.last]?.t === slot.t) last.last = i;
    else out.push({ label: formatTime(slot.t), first: i, last: i });
  });
  return out;
}

/** A label centred on `x`, `width` wide. */
export interface Span {
  x: number;
  width: number;
}

/**
 * The row of each label, centred on its x, so that no two labels in one row come closer than `gap`:
 * each goes in the first row where it fits after the labels already there. Labels come in order of x.
 */
export function labelRows(labels: readonly Span[], gap: number): number[] {
  const ends: number[] = [];
  return labels.map((label) => {
    const start = label.x - label.width / 2;
    let row = ends.findIndex((end) => end + gap <= start);
    if (row === -1) row = ends.length;
    ends[row] = label.x + label.width / 2;
    return row;
  });
}
