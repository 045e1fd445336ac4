/**
 * The open-loop send schedule and the queue of free connections. Pure: time comes in as a number.
 *
 * Open loop: send i is due at i × 1000 / rate ms, whatever happened to the sends before it. A load
 * generator that waits for answers before sending more (closed loop) slows down exactly when the
 * server does, and so hides the latency and the failures a real crowd of users would meet.
 */
import { LOAD_KINDS, type LoadKind } from './mix.js';

/** Sends due by `elapsedMs`, from the first not yet issued: their indexes are first … first + count − 1. */
export class OpenLoopSchedule {
  private issued = 0;

  constructor(readonly ratePerSec: number) {}

  /** How many sends fell due since the last call, and the index of the first of them. */
  due(elapsedMs: number): { first: number; count: number } {
    const total = Math.floor((Math.max(0, elapsedMs) * this.ratePerSec) / 1000) + 1;
    const first = this.issued;
    const count = Math.max(0, total - first);
    this.issued += count;
    return { first, count };
  }

  /** When send `index` was due, in ms after the start. */
  at(index: number): number {
    return (index * 1000) / this.ratePerSec;
  }
}

/** At most `perSecond` takes a second, with bursts of a tenth of that: a token bucket. */
export class RateBudget {
  private tokens = 0;
  private at: number | null = null;

  constructor(readonly perSecond: number) {}

  /** Takes one if there is one at `now` (ms). */
  take(now: number): boolean {
    const burst = Math.max(1, this.perSecond / 10);
    this.tokens = this.at === null ? burst : Math.min(burst, this.tokens + ((now - this.at) * this.perSecond) / 1000);
    this.at = now;
    if (this.tokens < 1) return false;
    this.tokens--;
    return true;
  }
}

/**
 * The free connections, first freed first out: every connection takes its turn, as behind a
 * round-robin balancer, so each keep-alive connection idles between requests and meets the drain in
 * whatever state it is in. A ring buffer, because a queue of 10,000 connections is shifted thousands
 * of times a second.
 */
export class FreeQueue<T> {
  private items: (T | undefined)[];
  private head = 0;
  private size = 0;

  constructor(capacity: number) {
    this.items = new Array<T | undefined>(Math.max(1, capacity));
  }

  get length(): number {
    return this.size;
  }

  push(item: T): void {
    if (this.size === this.items.length) {
      // Grown only if more items come back than went out: a connection freed twice is a bug elsewhere.
      const items = [...this.drain(), item];
      this.items = new Array<T | undefined>(items.length * 2);
      for (const [i, it] of items.entries()) this.items[i] = it;
      this.head = 0;
      this.size = items.length;
      return;
    }
    this.items[(this.head + this.size) % this.items.length] = item;
    this.size++;
  }

  shift(): T | undefined {
    if (this.size === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.items.length;
    this.size--;
    return item;
  }

  private drain(): T[] {
    const out: T[] = [];
    for (let item = this.shift(); item !== undefined; item = this.shift()) out.push(item);
    return out;
  }
}

/**
 * The connections of each kind spread evenly through one list: connection j of a kind with c of them
 * sits at (j + ½) / c of the way along, so the rotation meets every kind at its share all the time.
 */
export function spread(split: Readonly<Record<LoadKind, number>>): { kind: LoadKind; index: number }[] {
  const placed = LOAD_KINDS.flatMap((kind) =>
    Array.from({ length: split[kind] }, (_, j) => ({ kind, index: j, at: (j + 0.5) / split[kind] })),
  );
  // Equal positions keep the kinds' order: the sort is stable.
  return placed.sort((a, b) => a.at - b.at).map(({ kind, index }) => ({ kind, index }));
}
