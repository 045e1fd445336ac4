import { describe, expect, it } from 'vitest';
import { defaultMix, describeSplit, parseMix, splitConnections } from '../../../src/load/mix.js';
import { spread } from '../../../src/load/schedule.js';

describe('the connection mix', () => {
  it('parses kind=weight pairs; a kind left out weighs 0', () => {
    expect(parseMix('keep-alive=70,slow=10,stream=10,websocket=10')).toEqual({
      ok: true,
      mix: { 'keep-alive': 70, slow: 10, stream: 10, websocket: 10 },
    });
    expect(parseMix(' slow = 3 ')).toEqual({ ok: true, mix: { 'keep-alive': 0, slow: 3, stream: 0, websocket: 0 } });
  });

  it.each([
    ['keep-alive', "'keep-alive' is not kind=weight"],
    ['keep-alive=-1', "'keep-alive=-1' is not kind=weight"],
    ['silent=5', "'silent' is not a load kind; use keep-alive, slow, stream, websocket"],
    ['slow=1,slow=2', "'slow' is given twice"],
    ['slow=0,stream=0', 'every weight is 0'],
  ])('rejects %s: %s', (text, problem) => {
    expect(parseMix(text)).toEqual({ ok: false, problem });
  });

  it('leaves WebSockets out of the default mix when the target has no endpoint', () => {
    expect(defaultMix(true).websocket).toBe(10);
    expect(defaultMix(false).websocket).toBe(0);
  });

  /** weights and counts in the order keep-alive, slow, stream, websocket */
  const mix = (k: number, s: number, t: number, w: number) => ({ 'keep-alive': k, slow: s, stream: t, websocket: w });

  it.each([
    ['the default mix', 100, mix(70, 10, 10, 10), mix(70, 10, 10, 10)],
    ['largest remainders first, ties to the kind listed first', 7, mix(1, 1, 1, 0), mix(3, 2, 2, 0)],
    ['10,000 keep-alive and 1,000 WebSockets', 11_000, mix(10_000, 0, 0, 1000), mix(10_000, 0, 0, 1000)],
    ['at least one of each kind asked for, when there are enough', 4, mix(97, 1, 1, 1), mix(1, 1, 1, 1)],
    ['the largest share only, when there are not', 2, mix(97, 1, 1, 1), mix(2, 0, 0, 0)],
  ])('splits exactly n connections by weight: %s', (_name, n, weights, counts) => {
    expect(splitConnections(n, weights)).toEqual(counts);
  });

  it('names the kinds that have connections', () => {
    expect(describeSplit({ 'keep-alive': 10_000, slow: 0, stream: 2, websocket: 0 })).toBe('keep-alive 10,000, stream 2');
  });

  it('spreads each kind evenly through the rotation', () => {
    const order = spread({ 'keep-alive': 4, slow: 2, stream: 0, websocket: 2 }).map(({ kind, index }) => `${kind[0]}${index}`);
    expect(order).toEqual(['k0', 's0', 'w0', 'k1', 'k2', 's1', 'w1', 'k3']);
  });
});
