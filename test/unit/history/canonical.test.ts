import { describe, expect, it } from 'vitest';
import { canonicalize, fromJsonl, historyHash, toJsonl } from '../../../src/history/canonical.js';
import type { HistoryEvent } from '../../../src/history/events.js';

const arrived: HistoryEvent[] = [
  { t: 0, step: 0, type: 'listening', listener: 0 },
  { t: 0, step: 1, type: 'server-request-started', client: 'A', request: 0, method: 'GET', path: '/' },
  { t: 0, step: 1, type: 'request-sent', client: 'A', request: 0, path: '/' },
  { t: 0, step: 1, type: 'client-connect', client: 'B' },
  { t: 0, step: 1, type: 'client-connect', client: 'A' },
  { t: 100, step: 2, type: 'target-exited', code: 0, signal: null },
  { t: 100, step: 2, type: 'request-outcome', client: 'A', request: 0, outcome: 'reset-before-response', bytesWritten: true },
  { t: 100, step: 2, type: 'signal-sent', signal: 'SIGTERM', nth: 1 },
];

describe('canonical history', () => {
  it('orders concurrent events of one step by a fixed rule, whatever their arrival order', () => {
    const types = canonicalize(arrived).map((e) => `${e.step}:${e.type}${'client' in e ? `:${e.client}` : ''}`);
    expect(types).toEqual([
      '0:listening',
      '1:client-connect:A',
      '1:request-sent:A',
      '1:server-request-started:A',
      '1:client-connect:B',
      '2:signal-sent',
      '2:request-outcome:A',
      '2:target-exited',
    ]);
  });

  it('gives the same hash for any arrival order of the same events', () => {
    const reversed = [...arrived].reverse();
    expect(historyHash(reversed)).toBe(historyHash(arrived));
    expect(historyHash(arrived)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives another hash when one event differs', () => {
    const changed = arrived.map((e) => (e.type === 'target-exited' ? { ...e, code: 1 } : e));
    expect(historyHash(changed)).not.toBe(historyHash(arrived));
  });

  it('writes one event a line with t, step and type first, and reads it back', () => {
    const jsonl = toJsonl(arrived);
    const lines = jsonl.trimEnd().split('\n');
    expect(lines).toHaveLength(arrived.length);
    expect(lines[0]).toBe('{"t":0,"step":0,"type":"listening","listener":0}');
    expect(fromJsonl(jsonl)).toEqual(canonicalize(arrived));
  });

  it('does not change its input', () => {
    const copy = structuredClone(arrived);
    canonicalize(arrived);
    expect(arrived).toEqual(copy);
  });
});
