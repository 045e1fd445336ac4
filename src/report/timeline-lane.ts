import type { History, HistoryEvent, Outcome } from '../history/events.js';
import { escapeAttribute, escapeText } from './markup.js';
import { FONT, HALO, placementOf, textWidth, title, type Layout } from './timeline-drawing.js';
import { classOf, COLOUR } from './timeline-palette.js';
import { describeEvent } from './timeline-text.js';

/** A client's lane of the timeline: its connections in a row, each request a bar coloured by its outcome. Pure. */

export interface TimelineClient {
  id: string;
  kind: string;
}

export interface Bar {
  client: string;
  request: number;
  from: number;
  to: number;
  outcome: Outcome | null;
  title: string;
}

/** Pairs each request-sent with its client's outcome for the same request index. */
export function bars(history: History, lastColumn: number, column: (index: number) => number): Bar[] {
  const out: Bar[] = [];
  history.forEach((e, index) => {
    if (e.type !== 'request-sent') return;
    const end = history
      .slice(index + 1)
      .find((o): o is Extract<HistoryEvent, { type: 'request-outcome' }> => o.type === 'request-outcome' && o.client === e.client && o.request === e.request);
    const title = end
      ? `${describeEvent(e)} at ${e.t} ms; ${describeEvent(end)} at ${end.t} ms`
      : `${describeEvent(e)} at ${e.t} ms; no outcome recorded`;
    out.push({ client: e.client, request: e.request, from: column(index), to: end ? column(history.indexOf(end)) : lastColumn, outcome: end?.outcome ?? null, title });
  });
  return out;
}

/** Puts each bar in the first row of its lane where it overlaps no other bar (late clients overlap). */
function rows(laneBars: Bar[]): number[] {
  const ends: number[] = [];
  return laneBars.map((bar) => {
    let row = ends.findIndex((end) => end < bar.from);
    if (row === -1) row = ends.length;
    ends[row] = bar.to;
    return row;
  });
}

const CONNECTION_ROW_H = 22;
const BAR_ROW_H = 26;
const BAR_H = 16;
const LANE_PAD = 8;
const LANE_MIN_H = 48;

/**
 * How long each connection was open, as a thin line from connected to ended. Drawn only while it is
 * unambiguous: the history says a connection of the client ended, not which one, so once two of one
 * client's connections are open at the same time no further span is drawn for it (the end ticks are).
 */
function connectionSpans(events: readonly { e: HistoryEvent; slot: number }[], layout: Layout, connY: number): string[] {
  const spans: string[] = [];
  const open: number[] = [];
  let ambiguous = false;
  const span = (from: number, to: number, dash: boolean): string =>
    `<line class="connection" x1="${layout.x(from)}" y1="${connY}" x2="${layout.x(to)}" y2="${connY}" stroke="#90a4ae" stroke-width="3"${dash ? ' stroke-dasharray="4 3"' : ''}/>`;
  for (const { e, slot } of events) {
    if (e.type === 'client-connected') open.push(slot);
    if (e.type !== 'connection-ended') continue;
    if (open.length > 1) ambiguous = true;
    const from = open.shift();
    if (from !== undefined && !ambiguous) spans.push(span(from, slot, false));
  }
  // Still open when the history ends: drawn to its end, dashed.
  if (!ambiguous) spans.push(...open.map((from) => span(from, layout.lastSlot, true)));
  return spans;
}

/** The connection row: connected, refused, how each connection ended, a WebSocket's close code. */
function connectionRow(events: readonly { e: HistoryEvent; slot: number }[], layout: Layout, connY: number): string[] {
  const parts = connectionSpans(events, layout, connY);
  for (const { e, slot } of events) {
    const cx = layout.x(slot);
    const what = title(`${describeEvent(e)} at ${e.t} ms`);
    if (e.type === 'client-connected') {
      parts.push(`<circle class="connected" cx="${cx}" cy="${connY}" r="4" fill="#546e7a">${what}</circle>`);
    } else if (e.type === 'client-refused') {
      parts.push(`<text class="refused" x="${cx}" y="${connY + 5}" text-anchor="middle" font-size="14" ${FONT} fill="#78909c">✕${what}</text>`);
    } else if (e.type === 'connection-ended') {
      const colour = e.how === 'rst' ? '#c62828' : '#37474f';
      parts.push(
        `<g class="connection-ended" data-how="${e.how}">${what}<line x1="${cx}" y1="${connY - 7}" x2="${cx}" y2="${connY + 7}" stroke="${colour}" stroke-width="2"/>` +
          `<text x="${cx + 4}" y="${connY + 4}" font-size="11" font-weight="600" ${FONT} fill="${colour}"${HALO}>${e.how.toUpperCase()}</text></g>`,
      );
    } else if (e.type === 'websocket-closed') {
      // Ending at its slot: the connection's end tick comes right after it and writes FIN or RST on its right.
      const colour = e.code === 1006 ? '#c62828' : '#37474f';
      parts.push(`<text class="websocket-closed" x="${cx}" y="${connY + 4}" text-anchor="end" font-size="11" ${FONT} fill="${colour}"${HALO}>close ${e.code}${what}</text>`);
    }
  }
  return parts;
}

function requestBar(bar: Bar, barY: number, layout: Layout): string {
  // A request sent and settled in one slot still gets a visible bar.
  const x1 = layout.x(bar.from) - (bar.from === bar.to ? 6 : 0);
  const width = Math.max(12, layout.x(bar.to) - layout.x(bar.from));
  const cls = classOf(bar.outcome);
  const label = bar.outcome ?? 'no outcome';
  const text =
    textWidth(label, 11) + 8 <= width ? `<text x="${x1 + 4}" y="${barY + BAR_H - 4}" font-size="11" ${FONT} fill="#ffffff">${escapeText(label)}</text>` : '';
  return (
    `<g class="request" data-request="${bar.request}" data-outcome="${bar.outcome ?? 'none'}">${title(bar.title)}` +
    `<rect x="${x1}" y="${barY}" width="${width}" height="${BAR_H}" rx="3" fill="${COLOUR[cls]}"/>${text}</g>`
  );
}

/** One client's lane at `y`: its name and kind, the step separators, its connection row, its request bars. */
export function lane(client: TimelineClient, index: number, y: number, history: History, allBars: Bar[], layout: Layout): { svg: string; height: number } {
  const laneBars = allBars.filter((b) => b.client === client.id);
  const rowOf = rows(laneBars);
  const barRows = laneBars.length === 0 ? 0 : Math.max(...rowOf) + 1;
  // Never shorter than the client's name and kind written one above the other.
  const height = Math.max(LANE_MIN_H, LANE_PAD * 2 + CONNECTION_ROW_H + barRows * BAR_ROW_H);
  const background = index % 2 === 0 ? '#f5f7fa' : '#ffffff';
  const events = history.flatMap((e, i) => ('client' in e && e.client === client.id && placementOf(e) !== null ? [{ e, slot: layout.slot(i) }] : []));
  const parts = [
    `<rect x="0" y="${y}" width="100%" height="${height}" fill="${background}"/>`,
    // Inset by a unit, so that the line's stroke stays inside its lane's rectangle.
    ...layout.boundaries.map((bx) => `<line class="step-separator" x1="${bx}" y1="${y + 1}" x2="${bx}" y2="${y + height - 1}" stroke="#b0bec5" stroke-dasharray="1 3"/>`),
    `<text x="10" y="${y + LANE_PAD + 15}" font-size="15" font-weight="600" ${FONT} fill="#212121">${escapeText(client.id)}</text>`,
    `<text x="10" y="${y + LANE_PAD + 32}" font-size="12" ${FONT} fill="#546e7a">${escapeText(client.kind)}</text>`,
    ...connectionRow(events, layout, y + LANE_PAD + CONNECTION_ROW_H / 2),
    ...laneBars.map((bar, i) => requestBar(bar, y + LANE_PAD + CONNECTION_ROW_H + (rowOf[i] ?? 0) * BAR_ROW_H + (BAR_ROW_H - BAR_H) / 2, layout)),
  ];
  return {
    svg: `<g class="lane" data-client="${escapeAttribute(client.id)}" data-kind="${escapeAttribute(client.kind)}">${parts.join('')}</g>`,
    height,
  };
}
