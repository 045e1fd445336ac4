/**
 * The throughput chart of a load run as one SVG element: answered, failed and refused per second over
 * time, with a dashed line where the signal went, where the target exited and where it was killed.
 * Pure: the same series always give the same markup, with no script and no external resource.
 */
import type { ThroughputSeries } from '../stats.js';

export interface ChartMark {
  atMs: number;
  label: string;
}

export interface ChartSize {
  width: number;
  height: number;
}

const PAD = { left: 56, right: 16, top: 16, bottom: 36 };
const LINES = [
  { series: 'answered', colour: '#2b8a3e', name: 'answered/s' },
  { series: 'failed', colour: '#c92a2a', name: 'failed/s' },
  { series: 'refused', colour: '#868e96', name: 'refused/s' },
] as const;

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The smallest of 1, 2 and 5 times a power of ten that is at least `value`: a round top for an axis. */
export function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

const round = (v: number): number => Math.round(v * 10) / 10;

export function throughputSvg(series: ThroughputSeries, marks: readonly ChartMark[], size: ChartSize = { width: 800, height: 260 }): string {
  const perSecond = 1000 / series.bucketMs;
  const buckets = series.answered.length;
  const spanMs = Math.max(series.bucketMs, buckets * series.bucketMs, ...marks.map((m) => m.atMs));
  const top = niceCeiling(Math.max(...LINES.flatMap((l) => series[l.series]), 0) * perSecond);
  const plotW = size.width - PAD.left - PAD.right;
  const plotH = size.height - PAD.top - PAD.bottom;
  const x = (ms: number): number => round(PAD.left + (ms / spanMs) * plotW);
  const y = (rate: number): number => round(PAD.top + plotH - (rate / top) * plotH);

  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size.width} ${size.height}" width="${size.width}" height="${size.height}" role="img" aria-label="throughput over time">`,
  );
  parts.push(`<rect x="${PAD.left}" y="${PAD.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#ced4da"/>`);
  for (let i = 0; i <= 4; i++) {
    const rate = (top * i) / 4;
    parts.push(`<text x="${PAD.left - 6}" y="${y(rate) + 4}" text-anchor="end" font-size="11">${formatRate(rate)}</text>`);
  }
  const stepMs = niceCeiling(spanMs / 8);
  for (let ms = 0; ms <= spanMs; ms += stepMs) {
    parts.push(`<text x="${x(ms)}" y="${size.height - PAD.bottom + 16}" text-anchor="middle" font-size="11">${ms / 1000} s</text>`);
  }
  for (const line of LINES) {
    const values = series[line.series];
    if (!values.some((v) => v > 0)) continue;
    // Each bucket's rate drawn at the bucket's middle.
    const points = values.map((v, i) => `${x((i + 0.5) * series.bucketMs)},${y(v * perSecond)}`).join(' ');
    parts.push(`<polyline fill="none" stroke="${line.colour}" stroke-width="1.5" points="${points}"><title>${line.name}</title></polyline>`);
  }
  for (const mark of marks) {
    const at = x(mark.atMs);
    parts.push(`<line x1="${at}" y1="${PAD.top}" x2="${at}" y2="${PAD.top + plotH}" stroke="#495057" stroke-dasharray="4 3"/>`);
    parts.push(`<text x="${at + 4}" y="${PAD.top + 12}" font-size="11">${escapeXml(mark.label)}</text>`);
  }
  let legendX = PAD.left;
  for (const line of LINES) {
    parts.push(`<rect x="${legendX}" y="${size.height - 12}" width="10" height="3" fill="${line.colour}"/>`);
    parts.push(`<text x="${legendX + 14}" y="${size.height - 8}" font-size="11">${line.name}</text>`);
    legendX += 100;
  }
  parts.push('</svg>');
  return parts.join('\n');
}

function formatRate(rate: number): string {
  return rate >= 1000 ? `${Number((rate / 1000).toFixed(1))}k` : String(Math.round(rate));
}
