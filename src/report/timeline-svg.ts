import type { History, HistoryEvent, Outcome } from '../history/events.js';
import { escapeText } from './markup.js';
import { FONT, HALO, placementOf, textWidth, title, type Layout } from './timeline-drawing.js';
import { bars, lane, type TimelineClient } from './timeline-lane.js';
import { assignSlots, axisUnits, labelRows, slotOffsets, stepBoundaries, ticks } from './timeline-layout.js';
import { legendEntries, MARKER_STYLE, markerOf } from './timeline-palette.js';
import { describeEvent } from './timeline-text.js';

/**
 * The counterexample's history drawn as an SVG timeline: a lane per client, each request a bar from the
 * moment it was sent to its outcome, coloured by the outcome's class; the signals, the SIGKILL, the
 * listener's close and the target's exit as vertical markers across the lanes; a legend. Pure.
 *
 * The horizontal axis is the executor's steps in order, each drawn event in a slot of its own inside
 * its step (timeline-layout.ts says why). Every event of one step happened before every event of the
 * next (see history/events.ts), and a gap with a dotted line separates two steps.
 *
 * The drawing is as wide as the page (`width="100%"` over a view box of the page's usual width), so it
 * reads at its natural size on a laptop screen; a history with more slots than fit at a readable width
 * gets a wider drawing, which the page scrolls inside its box.
 *
 * Colours are attributes on the elements themselves, not page CSS, so the SVG reads the same on its
 * own; every bar and marker carries a `<title>` with its event in words.
 */

const AXIS_CAPTION = 'steps of the run in order, dotted lines between them; inside a step, events in the order recorded; times in ms since the target listened';
/** The view box's width: the width of the page's timeline box on a 1,280 px wide window, so one unit is one pixel there. */
const VIEW_W = 1150;
const LABEL_W = 150;
const AXIS_PAD = 12;
const MIN_SLOT_W = 36;
const MARKER_LABEL_ROW_H = 18;
const MARKER_HIT_W = 10;
const TICK_ROW_H = 16;
const TICK_ROWS = 2;
const LEGEND_ROW_H = 22;

function layoutFor(history: History, slotW: number): Layout {
  const { slotOf, slots } = assignSlots(history, placementOf);
  const offsets = slotOffsets(slots);
  const x = (slot: number): number => LABEL_W + AXIS_PAD + (offsets[slot] ?? 0.5) * slotW;
  return {
    slot: (index) => slotOf[index] ?? 0,
    x,
    slotW,
    slots,
    lastSlot: Math.max(0, slots.length - 1),
    boundaries: stepBoundaries(slots).map((units) => LABEL_W + AXIS_PAD + units * slotW),
  };
}

interface PlacedTick {
  label: string;
  x1: number;
  x2: number;
  row: number;
}

function placeTicks(layout: Layout): PlacedTick[] {
  const placed = ticks(layout.slots).map((t) => ({ label: t.label, x1: layout.x(t.first), x2: layout.x(t.last) }));
  const rows = labelRows(
    placed.map((t) => ({ x: (t.x1 + t.x2) / 2, width: textWidth(t.label, 12) })),
    10,
  );
  return placed.map((t, i) => ({ ...t, row: rows[i] ?? 0 }));
}

/**
 * The slot width: the page's width shared among the slots, but never so narrow that the axis needs
 * more than its rows of labels to write each time without one covering another.
 */
function chooseLayout(history: History, rightReserve: number): Layout {
  const units = Math.max(1, axisUnits(assignSlots(history, placementOf).slots));
  let slotW = Math.max(MIN_SLOT_W, (VIEW_W - LABEL_W - AXIS_PAD - rightReserve) / units);
  for (;;) {
    const layout = layoutFor(history, slotW);
    if (placeTicks(layout).every((t) => t.row < TICK_ROWS)) return layout;
    slotW *= 1.1;
  }
}


interface Marker {
  e: HistoryEvent;
  kind: keyof typeof MARKER_STYLE;
  label: string;
  x: number;
  row: number;
}

/** The history's markers, each at its own slot, their labels in as many rows as keep them apart. */
function placeMarkers(history: History, layout: Layout): Marker[] {
  const found = history.flatMap((e, i) => {
    const marker = markerOf(e);
    return marker ? [{ e, ...marker, x: layout.x(layout.slot(i)) }] : [];
  });
  const rowOf = labelRows(
    found.map((m) => ({ x: m.x, width: textWidth(m.label, 13) })),
    8,
  );
  return found.map((m, i) => ({ ...m, row: rowOf[i] ?? 0 }));
}

/**
 * The markers across every lane, then their labels in rows above the lanes. Labels come after every
 * line and carry a white halo, so no marker's line crosses another's label.
 */
function markers(placed: readonly Marker[], lanesBottom: number): string[] {
  const lines: string[] = [];
  const labels: string[] = [];
  for (const m of placed) {
    const style = MARKER_STYLE[m.kind];
    const labelY = 16 + m.row * MARKER_LABEL_ROW_H;
    lines.push(
      `<g class="marker ${m.kind}" data-event="${m.e.type}" data-step="${m.e.step}">${title(`${describeEvent(m.e)} at ${m.e.t} ms`)}` +
        `<line x1="${m.x}" y1="${labelY + 3}" x2="${m.x}" y2="${lanesBottom}" stroke="${style.colour}" stroke-width="2"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''}/>` +
        // An invisible band around the line: a 2-unit line is hard to point at for its title.
        `<rect x="${m.x - MARKER_HIT_W / 2}" y="${labelY + 3}" width="${MARKER_HIT_W}" height="${lanesBottom - labelY - 3}" fill="#ffffff" fill-opacity="0"/></g>`,
    );
    labels.push(
      `<text class="marker-label" x="${m.x}" y="${labelY}" text-anchor="middle" font-size="13" font-weight="600" ${FONT} fill="${style.colour}"${HALO}>${escapeText(m.label)}</text>`,
    );
  }
  return [...lines, ...labels];
}

/** The baseline of the axis's caption, under the rows of time labels the axis used. */
function captionY(placed: readonly PlacedTick[], lanesBottom: number): number {
  const rowsUsed = Math.max(1, ...placed.map((t) => t.row + 1));
  return lanesBottom + 18 + rowsUsed * TICK_ROW_H + 6;
}

/**
 * The axis under the lanes: each time written once, under the slots that share it, with a bracket
 * over them when they are more than one.
 */
function axis(placed: readonly PlacedTick[], layout: Layout, lanesBottom: number): string[] {
  const left = layout.x(0) - layout.slotW / 2;
  const right = layout.x(layout.lastSlot) + layout.slotW / 2;
  const parts = [`<line x1="${left}" y1="${lanesBottom}" x2="${right}" y2="${lanesBottom}" stroke="#90a4ae"/>`];
  for (const t of placed) {
    const y = lanesBottom + 4;
    parts.push(
      t.x1 === t.x2
        ? `<line x1="${t.x1}" y1="${lanesBottom}" x2="${t.x1}" y2="${y}" stroke="#607d8b"/>`
        : `<path d="M ${t.x1} ${lanesBottom} V ${y} H ${t.x2} V ${lanesBottom}" fill="none" stroke="#607d8b"/>`,
    );
    parts.push(
      `<text class="axis-label" x="${(t.x1 + t.x2) / 2}" y="${lanesBottom + 18 + t.row * TICK_ROW_H}" text-anchor="middle" font-size="12" ${FONT} fill="#37474f">${escapeText(t.label)}</text>`,
    );
  }
  parts.push(`<text x="${LABEL_W}" y="${captionY(placed, lanesBottom)}" font-size="12" ${FONT} fill="#607d8b">${AXIS_CAPTION}</text>`);
  return parts;
}

/** The legend, in rows that wrap at `width`: an entry for each outcome class the bars are drawn in. */
function legend(outcomes: readonly (Outcome | null)[], top: number, width: number): { svg: string; height: number } {
  let x = 10;
  let y = top;
  const items = legendEntries(outcomes).map((c) => {
    const itemW = 24 + 8 + textWidth(c.label, 13) + 24;
    if (x > 10 && x + itemW > width) {
      x = 10;
      y += LEGEND_ROW_H;
    }
    const item =
      `<g class="legend-item" data-class="${c.name}"><rect x="${x}" y="${y}" width="24" height="14" rx="3" fill="${c.colour}"/>` +
      `<text x="${x + 32}" y="${y + 12}" font-size="13" ${FONT} fill="#212121">${escapeText(c.label)}</text></g>`;
    x += itemW;
    return item;
  });
  return { svg: `<g class="legend">${items.join('')}</g>`, height: items.length === 0 ? 0 : y - top + LEGEND_ROW_H };
}

/** The timeline as one `<svg>` element. `clients` are the scenario's, in its order: one lane each. */
export function timelineSvg(history: History, clients: readonly TimelineClient[]): string {
  const widest = Math.max(
    0,
    ...history.map((e) => textWidth(markerOf(e)?.label ?? '', 13)),
    ...history.map((e) => textWidth(`${e.t} ms`, 12)),
  );
  // Room right of the last slot for half of a label centred on it.
  const layout = chooseLayout(history, widest / 2 + 10);
  const allBars = bars(history, layout.lastSlot, layout.slot);
  const placedMarkers = placeMarkers(history, layout);
  const markerRows = Math.max(1, ...placedMarkers.map((m) => m.row + 1));
  const lanes: string[] = [];
  let y = 16 + markerRows * MARKER_LABEL_ROW_H + 10;
  clients.forEach((client, index) => {
    const drawn = lane(client, index, y, history, allBars, layout);
    lanes.push(drawn.svg);
    y += drawn.height;
  });
  const placedTicks = placeTicks(layout);
  const labelsRight = Math.max(
    layout.x(layout.lastSlot) + layout.slotW / 2,
    ...placedMarkers.map((m) => m.x + textWidth(m.label, 13) / 2),
    ...placedTicks.map((t) => (t.x1 + t.x2) / 2 + textWidth(t.label, 12) / 2),
    LABEL_W + textWidth(AXIS_CAPTION, 12),
  );
  const width = Math.max(VIEW_W, Math.ceil(labelsRight + 10));
  const legendTop = captionY(placedTicks, y) + 14;
  const drawnLegend = legend(
    allBars.map((b) => b.outcome),
    legendTop,
    width,
  );
  const height = Math.ceil(legendTop + drawnLegend.height + 4);
  // At the page's width it scales with the page; wider, it keeps its size and its box scrolls.
  const size = width === VIEW_W ? 'width="100%"' : `width="${width}" height="${height}"`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="timeline" role="img" ${size} viewBox="0 0 ${width} ${height}" preserveAspectRatio="xMinYMin meet">`,
    `<title>Timeline of the smallest failing scenario: ${clients.length} client${clients.length === 1 ? '' : 's'}, ${new Set(history.map((e) => e.step)).size} steps</title>`,
    ...lanes,
    ...markers(placedMarkers, y),
    ...axis(placedTicks, layout, y),
    drawnLegend.svg,
    '</svg>',
  ].join('\n');
}
