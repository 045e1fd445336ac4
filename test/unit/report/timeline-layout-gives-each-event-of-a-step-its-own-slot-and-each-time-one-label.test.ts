import { describe, expect, it } from 'vitest';
import type { History, HistoryEvent } from '../../../src/history/events.js';
import { assignSlots, axisUnits, labelRows, slotOffsets, stepBoundaries, ticks, type Placement } from '../../../src/report/timeline-layout.js';
import { legendEntries } from '../../../src/report/timeline-palette.js';

/** Markers cross the lanes; client events are drawn in their client's lane; the rest is not drawn. */
function placement(e: HistoryEvent): Placement {
  if (e.type === 'signal-sent' || e.type === 'target-exited' || e.type === 'listener-closed') return { marker: true };
  if (e.type === 'request-sent' || e.type === 'request-outcome' || e.type === 'client-connected' || e.type === 'connection-ended') return { marker: false, lane: e.client };
  return null;
}

/** What exit-at-once records under the virtual clock: three steps, every event at 0 ms. */
const AT_ONCE: History = [
  { type: 'listening', listener: 0, t: 0, step: 0 },
  { type: 'client-connected', client: 'A', t: 0, step: 1 },
  { type: 'request-sent', client: 'A', request: 0, path: '/', t: 0, step: 1 },
  { type: 'client-connected', client: 'B', t: 0, step: 1 },
  { type: 'request-sent', client: 'B', request: 0, path: '/', t: 0, step: 1 },
  { type: 'signal-sent', signal: 'SIGTERM', nth: 1, t: 0, step: 2 },
  { type: 'listener-closed', listener: 0, t: 0, step: 2 },
  { type: 'request-outcome', client: 'A', request: 0, outcome: 'closed-before-response', bytesWritten: true, t: 0, step: 2 },
  { type: 'connection-ended', client: 'A', how: 'fin', by: 'server', t: 0, step: 2 },
  { type: 'request-outcome', client: 'B', request: 0, outcome: 'reset-before-response', bytesWritten: true, t: 0, step: 2 },
  { type: 'target-exited', code: 0, signal: null, t: 0, step: 2 },
];

describe('assignSlots', () => {
  it('gives each marker of one step a slot of its own, after everything recorded before it', () => {
    const { slotOf } = assignSlots(AT_ONCE, placement);
    // signal, listener-closed and exit: three markers of step 2, three slots, in the history's order.
    expect([slotOf[5], slotOf[6], slotOf[10]]).toEqual([2, 3, 6]);
  });

  it("lets events of different clients share a slot and keeps one client's events in order", () => {
    const { slotOf } = assignSlots(AT_ONCE, placement);
    // A and B each connect then send in step 1; after the markers, A's outcome and end take two slots, B's outcome shares A's first.
    expect(slotOf).toEqual([-1, 0, 1, 0, 1, 2, 3, 4, 5, 4, 6]);
  });

  it('starts a new slot when the time changes inside a step, so times never decrease from left to right', () => {
    const history: History = [
      { type: 'request-sent', client: 'A', request: 0, path: '/', t: 3, step: 1 },
      { type: 'request-sent', client: 'B', request: 0, path: '/', t: 4, step: 1 },
    ];
    expect(assignSlots(history, placement)).toEqual({ slotOf: [0, 1], slots: [{ step: 1, t: 3 }, { step: 1, t: 4 }] });
  });

  it('draws nothing for a history of undrawn events', () => {
    expect(assignSlots([{ type: 'listening', listener: 0, t: 0, step: 0 }], placement)).toEqual({ slotOf: [-1], slots: [] });
  });
});

describe('slot offsets', () => {
  it('leaves a gap of half a slot between steps and puts a separator in its middle', () => {
    const slots = [
      { step: 1, t: 0 },
      { step: 1, t: 0 },
      { step: 2, t: 0 },
    ];
    expect(slotOffsets(slots)).toEqual([0.5, 1.5, 3]);
    expect(axisUnits(slots)).toBe(3.5);
    expect(stepBoundaries(slots)).toEqual([2.25]);
    expect(axisUnits([])).toBe(0);
  });
});

describe('ticks', () => {
  it('writes a time once under the run of slots that share it, across steps', () => {
    const { slots } = assignSlots(AT_ONCE, placement);
    expect(ticks(slots)).toEqual([{ label: '0 ms', first: 0, last: 6 }]);
  });

  it('gives every distinct time its own label, in order', () => {
    const slots = [
      { step: 1, t: 0 },
      { step: 2, t: 0 },
      { step: 2, t: 10 },
      { step: 3, t: 30_010 },
      { step: 3, t: 30_010 },
    ];
    expect(ticks(slots)).toEqual([
      { label: '0 ms', first: 0, last: 1 },
      { label: '10 ms', first: 2, last: 2 },
      { label: '30010 ms', first: 3, last: 4 },
    ]);
  });
});

describe('labelRows', () => {
  it('puts a label that would touch the one before it in the next row, and back in the first when there is room', () => {
    const labels = [
      { x: 100, width: 60 },
      { x: 130, width: 60 },
      { x: 160, width: 60 },
      { x: 300, width: 60 },
    ];
    expect(labelRows(labels, 8)).toEqual([0, 1, 2, 0]);
  });

  it('keeps labels apart by at least the gap', () => {
    expect(labelRows([{ x: 0, width: 20 }, { x: 27, width: 20 }], 8)).toEqual([0, 1]);
    expect(labelRows([{ x: 0, width: 20 }, { x: 28, width: 20 }], 8)).toEqual([0, 0]);
  });
});

describe('legendEntries', () => {
  it('lists the classes of the outcomes drawn, once each, in the legend order', () => {
    const entries = legendEntries(['truncated', 'reset-before-response', 'closed-before-response', null, 'reset-mid-response']);
    expect(entries.map((c) => c.name)).toEqual(['dropped', 'cut', 'no-outcome']);
  });

  it('lists nothing when no request was drawn', () => {
    expect(legendEntries([])).toEqual([]);
  });
});
