import { describe, expect, it } from 'vitest';
import { editDistance, nearestName, tolerance } from '../../../src/settings/nearest.js';

const FLAGS = ['target', 'grace', 'signal', 'runs', 'seed', 'path', 'port', 'port-env', 'max-latency', 'shrink-runs', 'shrink-budget', 'time-budget', 'out'];

describe('the distance between two names', () => {
  it.each([
    ['target', 'target', 0],
    ['targt', 'target', 1],
    ['tagret', 'target', 1],
    ['traget', 'target', 1],
    ['tragte', 'target', 2],
    ['grcae', 'grace', 1],
    ['', 'out', 3],
  ] as const)('from %j to %j is %i edits, a swap of neighbours counting as one', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });

  it('allows one edit up to 4 characters, two up to 8 and three beyond', () => {
    expect([1, 4, 5, 8, 9, 20].map(tolerance)).toEqual([1, 1, 2, 2, 3, 3]);
  });
});

describe('the nearest known name', () => {
  it.each([
    ['targt', 'target'],
    ['tagret', 'target'],
    ['Grace', 'grace'],
    ['seeds', 'seed'],
    ['max-latncy', 'max-latency'],
    ['shrink-budgett', 'shrink-budget'],
    ['max-lat', 'max-latency'],
  ])('of %j is %j', (given, nearest) => {
    expect(nearestName(given, FLAGS)).toBe(nearest);
  });

  it('is the one a name cut short begins, before one a single edit away', () => {
    expect(nearestName('rout', ['routes', 'out'])).toBe('routes');
    expect(nearestName('rout', ['out'])).toBe('out');
  });

  it('is not guessed from a prefix that begins several', () => {
    expect(nearestName('shrink', FLAGS)).toBeNull();
  });

  it('is none when every known name is further than a slip', () => {
    expect(nearestName('verbose', FLAGS)).toBeNull();
    expect(nearestName('gracePeriod', ['grace'])).toBeNull();
    expect(nearestName('x', FLAGS)).toBeNull();
  });

  it('is the first of two equally near', () => {
    expect(nearestName('pot', ['port', 'post'])).toBe('port');
    expect(nearestName('pot', ['post', 'port'])).toBe('post');
  });
});
