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

  it('splits exactly n connections by weight, largest remainders first', () => {
    expect(splitConnections(100, defaultMix(true))).toEqual({ 'keep-alive': 70, slow: 10, stream: 10, websocket: 10 });
    expect(splitConnections(7, { 'keep-alive': 1, slow: 1, stream: 1, websocket: 0 })).toEqual({
      'keep-alive': 3,
      slow: 2,
      stream: 2,
      websocket: 0,
    });
    expect(splitConnections(11_000, { 'keep-alive': 10_000, slow: 0, stream: 0, websocket: 1000 })).toEqual({
      'keep-alive': 10_000,
      slow: 0,
      stream: 0,
      websocket: 1000,
    });
  });

  it('gives every kind asked for at least one connection when there are enough to go round', () => {
    expect(splitConnections(4, { 'keep-alive': 97, slow: 1, stream: 1, websocket: 1 })).toEqual({
      'keep-alive': 1,
      slow: 1,
      stream: 1,
      websocket: 1,
    });
    expect(splitConnections(2, { 'keep-alive': 97, slow: 1, stream: 1, websocket: 1 })).toEqual({
      'keep-alive': 2,
      slow: 0,
      stream: 0,
      websocket: 0,
    });
  });

  it('names the kinds that have connections', () => {
    expect(describeSplit({ 'keep-alive': 8, slow: 0, stream: 2, websocket: 0 })).toBe('keep-alive 8, stream 2');
  });

  it('spreads each kind evenly through the rotation', () => {
    const order = spread({ 'keep-alive': 4, slow: 2, stream: 0, websocket: 2 }).map(({ kind, index }) => `${kind[0]}${index}`);
    expect(order).toEqual(['k0', 's0', 'w0', 'k1', 'k2', 's1', 'w1', 'k3']);
  });
});
