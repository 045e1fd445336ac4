import type { HistoryEvent } from '../history/events.js';
import { escapeText } from './markup.js';
import type { Placement, Slot } from './timeline-layout.js';
import { markerOf } from './timeline-palette.js';

/** What the timeline's parts (timeline-svg.ts, timeline-lane.ts) share: its text, its placement of events, its layout. Pure. */

export const FONT = 'font-family="system-ui, sans-serif"';
/** A white outline under a label, so lines it sits on do not cross its letters. */
export const HALO = ' stroke="#ffffff" stroke-width="4" paint-order="stroke"';

/** A rough text width for layout: SVG cannot measure text without a script. */
export function textWidth(text: string, size: number): number {
  return text.length * size * 0.6;
}

export function title(text: string): string {
  return `<title>${escapeText(text)}</title>`;
}

export function placementOf(e: HistoryEvent): Placement {
  if (markerOf(e)) return { marker: true };
  switch (e.type) {
    case 'request-sent':
    case 'request-outcome':
    case 'client-connected':
    case 'client-refused':
    case 'connection-ended':
    case 'websocket-closed':
      return { marker: false, lane: e.client };
    default:
      return null;
  }
}

export interface Layout {
  /** the slot of the history's event at `index` */
  slot: (index: number) => number;
  /** the x of a slot's centre */
  x: (slot: number) => number;
  slotW: number;
  slots: Slot[];
  lastSlot: number;
  /** the x of each separator between two steps */
  boundaries: number[];
}
