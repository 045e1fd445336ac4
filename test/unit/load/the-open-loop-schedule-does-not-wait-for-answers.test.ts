import { describe, expect, it } from 'vitest';
import { FreeQueue, OpenLoopSchedule, RateBudget } from '../../../src/load/schedule.js';

describe('the open-loop schedule', () => {
  it('makes send i due at i × 1000 / rate ms, whatever came of the sends before', () => {
    const schedule = new OpenLoopSchedule(1000);
    expect(schedule.due(0)).toEqual({ first: 0, count: 1 });
    expect(schedule.due(0.5)).toEqual({ first: 1, count: 0 });
    expect(schedule.due(10)).toEqual({ first: 1, count: 10 });
    // A stalled caller gets every send that fell due meanwhile at once, not a slower schedule.
    expect(schedule.due(250)).toEqual({ first: 11, count: 240 });
    expect(schedule.at(11)).toBe(11);
    expect(new OpenLoopSchedule(3).at(2)).toBeCloseTo(666.67, 2);
  });
});

describe('the queue of free connections', () => {
  it('hands out the connection that has been free the longest, across the ring', () => {
    const queue = new FreeQueue<string>(3);
    for (const c of ['a', 'b', 'c']) queue.push(c);
    expect([queue.shift(), queue.shift()]).toEqual(['a', 'b']);
    queue.push('a');
    queue.push('b');
    expect(queue.length).toBe(3);
    expect([queue.shift(), queue.shift(), queue.shift(), queue.shift()]).toEqual(['c', 'a', 'b', undefined]);
  });

  it('grows rather than drop a connection pushed beyond its capacity', () => {
    const queue = new FreeQueue<number>(2);
    for (const n of [1, 2, 3]) queue.push(n);
    expect([queue.shift(), queue.shift(), queue.shift()]).toEqual([1, 2, 3]);
  });
});

describe('the budget of connection attempts while the target refuses them', () => {
  it('allows a burst of a tenth of a second, then perSecond a second', () => {
    const budget = new RateBudget(200);
    const burst = Array.from({ length: 25 }, () => budget.take(0)).filter(Boolean).length;
    expect(burst).toBe(20);
    expect(budget.take(4)).toBe(false);
    expect(budget.take(5)).toBe(true);
    // A second later it holds no more than a burst.
    const later = Array.from({ length: 50 }, () => budget.take(1005)).filter(Boolean).length;
    expect(later).toBe(20);
  });
});
