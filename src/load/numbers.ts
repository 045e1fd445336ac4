/** Numbers and durations as load mode's reports print them. Pure. */

export const n = (value: number): string => value.toLocaleString('en-US');

export const ms = (value: number): string =>
  value < 1000 ? `${Math.round(value)} ms` : `${Number((value / 1000).toFixed(value < 10_000 ? 2 : 1))} s`;

export const plural = (count: number, one: string, many = `${one}s`): string => `${n(count)} ${count === 1 ? one : many}`;
