import { describe, expect, it } from 'vitest';
import { groupSize, markerLine, sparkline } from '../../../src/load/report/sparkline.js';
import { escapeXml, niceCeiling, throughputSvg } from '../../../src/load/report/throughput-svg.js';

describe('the sparkline', () => {
  it('draws each value from ▁ to █ against the largest, and a zero as a gap', () => {
    expect(sparkline([0, 1, 2, 4, 8])).toBe(' ▂▃▅█');
    expect(sparkline([3, 3, 0, 3])).toBe('██ █');
    expect(sparkline([])).toBe('');
    expect(sparkline([0, 0])).toBe('  ');
  });

  it('sums values into at most width columns, so a short burst still shows', () => {
    expect(groupSize(10, 5)).toBe(2);
    expect(sparkline([1, 0, 0, 0, 0, 0, 0, 0, 0, 5], 5)).toBe('▂   █');
  });

  it('puts each mark under its column', () => {
    expect(markerLine(10, 5, [{ bucket: 3, letter: 'S' }, { bucket: 9, letter: 'X' }])).toBe(' S  X');
    expect(markerLine(10, 10, [{ bucket: 2, letter: 'S' }])).toBe('  S');
  });
});

describe('the SVG chart', () => {
  const series = { bucketMs: 100, answered: [10, 20, 0, 5], failed: [0, 0, 3, 0], refused: [0, 0, 0, 0] };

  it('rounds the axis up to 1, 2 or 5 times a power of ten', () => {
    expect([niceCeiling(0), niceCeiling(7), niceCeiling(130), niceCeiling(200), niceCeiling(201)]).toEqual([1, 10, 200, 200, 500]);
  });

  it('draws one polyline per series that has any value, one point per bucket, rates per second', () => {
    const svg = throughputSvg(series, []);
    const lines = [...svg.matchAll(/<polyline[^>]*points="([^"]*)"/g)].map((m) => (m[1] ?? '').split(' '));
    expect(lines).toHaveLength(2);
    expect(lines.map((points) => points.length)).toEqual([4, 4]);
    // 20 per 100 ms is 200/s, the top of the axis: the highest point touches the plot's top edge (y = 16).
    expect(lines[0]?.[1]?.split(',')[1]).toBe('16');
    expect(svg).toContain('>200<');
  });

  it('marks the signal and the exit with dashed lines and escaped labels', () => {
    const svg = throughputSvg(series, [
      { atMs: 200, label: 'SIGTERM' },
      { atMs: 300, label: 'exit <0>' },
    ]);
    expect(svg.match(/stroke-dasharray/g)).toHaveLength(2);
    expect(svg).toContain('exit &#60;0&#62;');
    expect(escapeXml(`a&b"'`)).toBe('a&#38;b&#34;&#39;');
  });

  it('is one self-contained element: no script, no external reference', () => {
    const svg = throughputSvg(series, [{ atMs: 200, label: 'SIGTERM' }]);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).not.toMatch(/<script|href=|url\(/);
  });
});
