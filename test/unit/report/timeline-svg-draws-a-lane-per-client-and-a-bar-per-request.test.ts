import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../../src/history/events.js';
import { OUTCOME_CLASSES } from '../../../src/report/timeline-palette.js';
import { timelineSvg } from '../../../src/report/timeline-svg.js';
import { history } from '../checkers/fixtures.js';
import { children, HISTORY, parseXml, SCENARIO, type XmlNode } from './reports.js';

const CLIENTS = SCENARIO.clients.map((c) => ({ id: c.id, kind: c.kind }));

function svgOf(events: readonly HistoryEvent[], clients = CLIENTS): XmlNode {
  const svg = timelineSvg(events, clients);
  expect(XMLValidator.validate(svg)).toBe(true);
  const root = children(parseXml(svg), 'svg')[0];
  if (!root) throw new Error('no <svg> element');
  return root;
}

const classes = (node: XmlNode): string[] => String(node.class ?? '').split(' ');
const groups = (svg: XmlNode, cls: string): XmlNode[] => children(svg, 'g').filter((g) => classes(g).includes(cls));
const lane = (svg: XmlNode, id: string): XmlNode => {
  const found = groups(svg, 'lane').find((g) => g['data-client'] === id);
  if (!found) throw new Error(`no lane for ${id}`);
  return found;
};
const requests = (laneNode: XmlNode): XmlNode[] => groups(laneNode, 'request');
const rectOf = (group: XmlNode): XmlNode => children(group, 'rect')[0] ?? {};

describe('timelineSvg', () => {
  it('draws one lane per client of the scenario, in its order, named and with its kind', () => {
    const svg = svgOf(HISTORY);
    expect(groups(svg, 'lane').map((g) => [g['data-client'], g['data-kind']])).toEqual([
      ['A', 'slow'],
      ['K', 'keep-alive'],
      ['L', 'late'],
      ['Q', 'silent'],
      ['W', 'websocket'],
    ]);
  });

  it('draws a bar per request, coloured by the class of its outcome, and a grey one for a request with none', () => {
    const svg = svgOf(HISTORY);
    const colour = Object.fromEntries(OUTCOME_CLASSES.map((c) => [c.name, c.colour]));
    const bars = (id: string) => requests(lane(svg, id)).map((g) => [g['data-request'], g['data-outcome'], rectOf(g).fill]);
    expect(bars('A')).toEqual([['0', 'reset-mid-response', colour.cut]]);
    expect(bars('K')).toEqual([
      ['0', 'complete', colour.complete],
      ['1', 'reset-before-response', colour.dropped],
    ]);
    expect(bars('L')).toEqual([
      ['0', 'none', colour['no-outcome']],
      ['1', 'refused', colour.refused],
    ]);
    expect(bars('Q')).toEqual([]);
    expect(bars('W')).toEqual([['0', 'complete', colour.complete]]);
  });

  it('runs each bar from the column of its request to the column of its outcome, later steps further right', () => {
    const svg = svgOf(HISTORY);
    const [first, second] = requests(lane(svg, 'K')).map(rectOf);
    const a = rectOf(requests(lane(svg, 'A'))[0] ?? {});
    // K's second request was sent after its first was answered, and A's request before both ended.
    expect(Number(second?.x)).toBeGreaterThan(Number(first?.x) + Number(first?.width));
    expect(Number(a.x) + Number(a.width)).toBe(Number(second?.x) + Number(second?.width));
  });

  it('puts overlapping requests of one client in rows of their own', () => {
    const [open, refused] = requests(lane(svgOf(HISTORY), 'L')).map(rectOf);
    expect(Number(open?.y)).not.toBe(Number(refused?.y));
  });

  it('marks the signal, the listener close and the exit across the lanes, with labels', () => {
    const svg = svgOf(HISTORY);
    const markers = groups(svg, 'marker').map((g) => [classes(g)[1], g['data-event']]);
    expect(markers).toEqual([
      ['signal', 'signal-sent'],
      ['listener-closed', 'listener-closed'],
      ['exit', 'target-exited'],
    ]);
    const labels = children(svg, 'text').filter((t) => t.class === 'marker-label').map((t) => t['#text']);
    expect(labels).toEqual(['SIGTERM', 'listener closed', 'exit 1']);
  });

  it('marks a SIGKILL and a death by it', () => {
    const killed = history()
      .listening()
      .at(5).signal()
      .at(10_005).kill().exit(null, 'SIGKILL')
      .build();
    const svg = svgOf(killed, []);
    expect(groups(svg, 'marker').map((g) => classes(g)[1])).toEqual(['signal', 'kill', 'exit']);
    expect(children(svg, 'text').filter((t) => t.class === 'marker-label').map((t) => t['#text'])).toEqual(['SIGTERM', 'SIGKILL', 'killed (SIGKILL)']);
  });

  it('shows how each connection ended and a WebSocket close code', () => {
    const svg = svgOf(HISTORY);
    expect(groups(lane(svg, 'Q'), 'connection-ended').map((g) => g['data-how'])).toEqual(['fin']);
    expect(groups(lane(svg, 'A'), 'connection-ended').map((g) => g['data-how'])).toEqual(['rst']);
    const close = children(lane(svg, 'W'), 'text').find((t) => t.class === 'websocket-closed');
    expect(close?.['#text']).toBe('close 1006');
  });

  it('draws a span per connection only while the history tells which connection ended', () => {
    const sequential = history()
      .listening()
      .at(1).open('K')
      .at(2).ended('K')
      .at(3).open('K')
      .at(4).ended('K')
      .build();
    const spans = (events: HistoryEvent[]) => children(lane(svgOf(events, [{ id: 'K', kind: 'late' }]), 'K'), 'line').filter((l) => l.class === 'connection');
    expect(spans(sequential)).toHaveLength(2);
    const overlapping = history()
      .listening()
      .at(1).open('K')
      .at(2).open('K')
      .at(3).ended('K')
      .at(4).ended('K')
      .build();
    expect(spans(overlapping)).toHaveLength(0);
  });

  it('writes each time of the drawn events once under the axis, in order', () => {
    const svg = svgOf(HISTORY);
    const times = children(svg, 'text')
      .filter((t) => t.class === 'axis-label')
      .map((t) => t['#text']);
    // Step 0 draws nothing (the listener opening and the handler being added are not on the picture).
    expect(times).toEqual(['10 ms', '20 ms', '30 ms', '40 ms', '100 ms', '101 ms', '102 ms', '105 ms', '110 ms', '111 ms', '120 ms']);
  });

  it('writes one time under steps that share it, as the virtual clock often makes them', () => {
    const sameMoment = history()
      .listening()
      .at(0).open('A').sent('A')
      .at(0).signal().handled().outcome('A', 0, 'closed-before-response').ended('A', 'fin').exit(0)
      .build();
    const labels = children(svgOf(sameMoment, [{ id: 'A', kind: 'slow' }]), 'text').filter((t) => t.class === 'axis-label');
    expect(labels.map((t) => t['#text'])).toEqual(['0 ms']);
  });

  it('gives each marker of one step an x of its own, in the order of the history', () => {
    const oneStep = history()
      .listening()
      .at(5).open('A').sent('A')
      .at(5).signal().listenerClosed().outcome('A', 0, 'closed-before-response').ended('A', 'fin').exit(0)
      .build();
    const svg = svgOf(oneStep, [{ id: 'A', kind: 'slow' }]);
    const xs = groups(svg, 'marker').map((g) => Number(children(g, 'line')[0]?.x1));
    expect(xs).toHaveLength(3);
    expect(new Set(xs).size).toBe(3);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
  });

  it('is as wide as the page when the history fits, and wider, in pixels, when it does not', () => {
    const small = timelineSvg(HISTORY, CLIENTS);
    expect(small).toMatch(/<svg [^>]*width="100%"/);
    expect(small).not.toMatch(/<svg [^>]*height=/);
    let long = history().listening();
    for (let i = 0; i < 60; i++) long = long.at(1000 * i + 10_000).sent('A', i).outcome('A', i, 'complete', { status: 200 });
    const wide = /<svg [^>]*width="(\d+)" height="\d+" viewBox="0 0 (\d+) /.exec(timelineSvg(long.build(), [{ id: 'A', kind: 'keep-alive' }]));
    expect(wide).not.toBeNull();
    expect(Number(wide?.[1])).toBeGreaterThan(1150);
    expect(wide?.[1]).toBe(wide?.[2]);
  });

  it('has a legend entry for each outcome class the bars are drawn in, and no other', () => {
    const legend = groups(svgOf(HISTORY), 'legend')[0];
    expect(groups(legend ?? {}, 'legend-item').map((g) => g['data-class'])).toEqual(['complete', 'refused', 'dropped', 'cut', 'no-outcome']);
    const onlyCut = history().listening().at(1).sent('A').at(2).outcome('A', 0, 'truncated', { status: 200 }).build();
    const cut = groups(svgOf(onlyCut, [{ id: 'A', kind: 'stream' }]), 'legend')[0];
    expect(groups(cut ?? {}, 'legend-item').map((g) => g['data-class'])).toEqual(['cut']);
  });

  it('stays well-formed with client ids that are markup', () => {
    const events = history().listening().at(1).sent('<a&"b>').open('<a&"b>').build();
    const svg = svgOf(events, [{ id: '<a&"b>', kind: 'slow' }]);
    expect(groups(svg, 'lane')[0]?.['data-client']).toBe('<a&"b>');
  });
});
