import type { History, HistoryEvent, Outcome } from '../history/events.js';
import { escapeAttribute, escapeText } from './markup.js';
import { CLASS_OF, COLOUR, MARKER_ROW, MARKER_STYLE, markerOf, OUTCOME_CLASSES } from './timeline-palette.js';
import { describeEvent } from './timeline-text.js';

/**
 * The counterexample's history drawn as an SVG timeline: a lane per client, each request a bar from the
 * moment it was sent to its outcome, coloured by the outcome's class; the signals, the SIGKILL, the
 * listener's close and the target's exit as vertical markers across the lanes; a legend. Pure.
 *
 * The horizontal axis is the executor's steps, one column each, labelled with their time. Steps, not
 * milliseconds: a history spans anything from a few virtual milliseconds to a whole grace period, and
 * on a proportional axis a request answered at 5 ms would be invisible next to a SIGKILL at 30 005 ms.
 * Every event of one step happened before every event of the next (see history/events.ts), so the
 * order a reader sees is the order that was proven; events inside one step share its column.
 *
 * Colours are attributes on the elements themselves, not page CSS, so the SVG reads the same on its
 * own; every bar and marker carries a `<title>` with its event in words.
 */

export interface TimelineClient {
  id: string;
  kind: string;
}

interface Bar {
  client: string;
  request: number;
  from: number;
  to: number;
  outcome: Outcome | null;
  title: string;
}

/** Pairs each request-sent with its client's outcome for the same request index. */
function bars(history: History, lastColumn: number, column: (e: HistoryEvent) => number): Bar[] {
  const out: Bar[] = [];
  history.forEach((e, index) => {
    if (e.type !== 'request-sent') return;
    const end = history
      .slice(index + 1)
      .find((o): o is Extract<HistoryEvent, { type: 'request-outcome' }> => o.type === 'request-outcome' && o.client === e.client && o.request === e.request);
    const title = end
      ? `${describeEvent(e)} at ${e.t} ms; ${describeEvent(end)} at ${end.t} ms`
      : `${describeEvent(e)} at ${e.t} ms; no outcome recorded`;
    out.push({ client: e.client, request: e.request, from: column(e), to: end ? column(end) : lastColumn, outcome: end?.outcome ?? null, title });
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

const AXIS_CAPTION = 'one column per step of the run, in order; times in ms since the target listened';
const LABEL_W = 150;
const COL_W = 84;
const MARKERS_H = 64;
const CONNECTION_ROW_H = 22;
const BAR_ROW_H = 26;
const BAR_H = 16;
const LANE_PAD = 8;
const LANE_MIN_H = 48;
const LEGEND_ROW_H = 20;
const FONT = 'font-family="system-ui, sans-serif"';
/** A white outline under a label, so lines it sits on do not cross its letters. */
const HALO = ' stroke="#ffffff" stroke-width="4" paint-order="stroke"';

/** A rough text width for layout: SVG cannot measure text without a script. */
function textWidth(text: string, size: number): number {
  return text.length * size * 0.6;
}

function title(text: string): string {
  return `<title>${escapeText(text)}</title>`;
}

interface Layout {
  /** the column of an event: its step's place among the history's steps */
  column: (e: HistoryEvent) => number;
  /** the x of a column's centre */
  x: (col: number) => number;
  lastColumn: number;
}

/**
 * How long each connection was open, as a thin line from connected to ended. Drawn only while it is
 * unambiguous: the history says a connection of the client ended, not which one, so once two of one
 * client's connections are open at the same time no further span is drawn for it (the end ticks are).
 */
function connectionSpans(events: readonly HistoryEvent[], layout: Layout, connY: number): string[] {
  const spans: string[] = [];
  const open: number[] = [];
  let ambiguous = false;
  const span = (from: number, to: number, dash: boolean): string =>
    `<line class="connection" x1="${layout.x(from)}" y1="${connY}" x2="${layout.x(to)}" y2="${connY}" stroke="#90a4ae" stroke-width="3"${dash ? ' stroke-dasharray="4 3"' : ''}/>`;
  for (const e of events) {
    if (e.type === 'client-connected') open.push(layout.column(e));
    if (e.type !== 'connection-ended') continue;
    if (open.length > 1) ambiguous = true;
    const from = open.shift();
    if (from !== undefined && !ambiguous) spans.push(span(from, layout.column(e), false));
  }
  // Still open when the history ends: drawn to its end, dashed.
  if (!ambiguous) spans.push(...open.map((from) => span(from, layout.lastColumn, true)));
  return spans;
}

/** The connection row: connected, refused, how each connection ended, a WebSocket's close code. */
function connectionRow(events: readonly HistoryEvent[], layout: Layout, connY: number): string[] {
  const parts = connectionSpans(events, layout, connY);
  for (const e of events) {
    const cx = layout.x(layout.column(e));
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
      // Left of the end tick, whose right side carries FIN or RST.
      const colour = e.code === 1006 ? '#c62828' : '#37474f';
      parts.push(`<text class="websocket-closed" x="${cx - 5}" y="${connY + 4}" text-anchor="end" font-size="11" ${FONT} fill="${colour}"${HALO}>close ${e.code}${what}</text>`);
    }
  }
  return parts;
}

function requestBar(bar: Bar, barY: number, layout: Layout): string {
  // A request sent and settled in one step still gets a visible bar.
  const x1 = layout.x(bar.from) - (bar.from === bar.to ? 6 : 0);
  const width = Math.max(12, layout.x(bar.to) - layout.x(bar.from));
  const cls = bar.outcome ? CLASS_OF[bar.outcome] : 'no-outcome';
  const label = bar.outcome ?? 'no outcome';
  const text =
    textWidth(label, 11) + 8 <= width ? `<text x="${x1 + 4}" y="${barY + BAR_H - 4}" font-size="11" ${FONT} fill="#ffffff">${escapeText(label)}</text>` : '';
  return (
    `<g class="request" data-request="${bar.request}" data-outcome="${bar.outcome ?? 'none'}">${title(bar.title)}` +
    `<rect x="${x1}" y="${barY}" width="${width}" height="${BAR_H}" rx="3" fill="${COLOUR[cls]}"/>${text}</g>`
  );
}

/** One client's lane at `y`: its name and kind, its connection row, its request bars. */
function lane(client: TimelineClient, index: number, y: number, history: History, allBars: Bar[], layout: Layout): { svg: string; height: number } {
  const laneBars = allBars.filter((b) => b.client === client.id);
  const rowOf = rows(laneBars);
  const barRows = laneBars.length === 0 ? 0 : Math.max(...rowOf) + 1;
  // Never shorter than the client's name and kind written one above the other.
  const height = Math.max(LANE_MIN_H, LANE_PAD * 2 + CONNECTION_ROW_H + barRows * BAR_ROW_H);
  const background = index % 2 === 0 ? '#f5f7fa' : '#ffffff';
  const events = history.filter((e) => 'client' in e && e.client === client.id);
  const parts = [
    `<rect x="0" y="${y}" width="100%" height="${height}" fill="${background}"/>`,
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

/**
 * The markers across every lane, then their labels in rows above the lanes. Labels come after every
 * line and carry a white halo, so no marker's line crosses another's label.
 */
function markers(history: History, layout: Layout, lanesBottom: number): string[] {
  const lines: string[] = [];
  const labels: string[] = [];
  for (const e of history) {
    const marker = markerOf(e);
    if (!marker) continue;
    const mx = layout.x(layout.column(e));
    const style = MARKER_STYLE[marker.kind];
    const labelY = 16 + MARKER_ROW[marker.kind] * 18;
    lines.push(
      `<g class="marker ${marker.kind}" data-event="${e.type}">${title(`${describeEvent(e)} at ${e.t} ms`)}` +
        `<line x1="${mx}" y1="${labelY + 3}" x2="${mx}" y2="${lanesBottom}" stroke="${style.colour}" stroke-width="2"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''}/></g>`,
    );
    labels.push(
      `<text class="marker-label" x="${mx}" y="${labelY}" text-anchor="middle" font-size="13" font-weight="600" ${FONT} fill="${style.colour}"${HALO}>${escapeText(marker.label)}</text>`,
    );
  }
  return [...lines, ...labels];
}

/** The axis under the lanes: a tick and the time of each column. */
function axis(history: History, steps: readonly number[], layout: Layout, lanesBottom: number): string[] {
  const parts = [`<line x1="${LABEL_W}" y1="${lanesBottom}" x2="${layout.x(layout.lastColumn) + COL_W / 2}" y2="${lanesBottom}" stroke="#90a4ae"/>`];
  let previous: number | null = null;
  steps.forEach((step, col) => {
    const t = history.find((e) => e.step === step)?.t ?? 0;
    parts.push(`<line x1="${layout.x(col)}" y1="${lanesBottom}" x2="${layout.x(col)}" y2="${lanesBottom + 4}" stroke="#90a4ae"/>`);
    // A time already written under the previous column is written again, fainter: same moment, later step.
    const colour = t === previous ? '#b0bec5' : '#455a64';
    parts.push(`<text x="${layout.x(col)}" y="${lanesBottom + 18}" text-anchor="middle" font-size="12" ${FONT} fill="${colour}">${t} ms</text>`);
    previous = t;
  });
  parts.push(`<text x="${LABEL_W}" y="${lanesBottom + 36}" font-size="12" ${FONT} fill="#607d8b">${AXIS_CAPTION}</text>`);
  return parts;
}

function legend(top: number): string {
  const items = OUTCOME_CLASSES.map((c, i) => {
    const ly = top + i * LEGEND_ROW_H;
    return (
      `<g class="legend-item" data-class="${c.name}"><rect x="10" y="${ly}" width="24" height="14" rx="3" fill="${c.colour}"/>` +
      `<text x="44" y="${ly + 12}" font-size="13" ${FONT} fill="#212121">${escapeText(c.label)}</text></g>`
    );
  });
  return `<g class="legend">${items.join('')}</g>`;
}

/** The timeline as one `<svg>` element. `clients` are the scenario's, in its order: one lane each. */
export function timelineSvg(history: History, clients: readonly TimelineClient[]): string {
  const steps = [...new Set(history.map((e) => e.step))].sort((a, b) => a - b);
  const columnOfStep = new Map(steps.map((s, i) => [s, i]));
  const layout: Layout = {
    column: (e) => columnOfStep.get(e.step) ?? 0,
    x: (col) => LABEL_W + col * COL_W + COL_W / 2,
    lastColumn: Math.max(0, steps.length - 1),
  };
  const allBars = bars(history, layout.lastColumn, layout.column);
  const lanes: string[] = [];
  let y = MARKERS_H;
  clients.forEach((client, index) => {
    const drawn = lane(client, index, y, history, allBars, layout);
    lanes.push(drawn.svg);
    y += drawn.height;
  });
  const legendTop = y + 54;
  const height = legendTop + OUTCOME_CLASSES.length * LEGEND_ROW_H + 6;
  const legendWidth = 44 + Math.max(...OUTCOME_CLASSES.map((c) => textWidth(c.label, 13))) + 10;
  const width = Math.ceil(Math.max(layout.x(layout.lastColumn) + COL_W, legendWidth, LABEL_W + textWidth(AXIS_CAPTION, 12) + 10));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="timeline" role="img" aria-labelledby="timeline-title" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<title id="timeline-title">Timeline of the smallest failing scenario: ${clients.length} client${clients.length === 1 ? '' : 's'}, ${steps.length} steps</title>`,
    ...lanes,
    ...markers(history, layout, y),
    ...axis(history, steps, layout, y),
    legend(legendTop),
    '</svg>',
  ].join('\n');
}
