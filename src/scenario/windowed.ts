import fc from 'fast-check';

/** A range of whole numbers, both ends included, drawn from with the given weight. */
export interface Window {
  min: number;
  max: number;
  weight: number;
}

/**
 * Whole numbers in [0, max], drawn from a few weighted windows but shrunk as one plain integer towards
 * 0. The draw puts the mass where failures hide (just before a server's own deadline, just before the
 * end of the grace period, ...); the shrink must not stay inside the window it was drawn from, or a
 * failure found near the end of the grace period would never shrink to the shorter value that fails
 * too. fast-check's integer shrinker, given no context, walks from the value towards 0 whatever
 * produced it, and so does this one. Pure and deterministic: one random stream gives one value.
 */
export class WindowedInteger extends fc.Arbitrary<number> {
  private readonly whole: fc.Arbitrary<number>;
  private readonly windows: readonly Window[];
  private readonly total: number;

  constructor(windows: readonly Window[], max: number) {
    super();
    this.windows = windows.filter((w) => w.weight > 0 && w.min <= w.max && w.min >= 0 && w.max <= max);
    if (this.windows.length === 0) throw new RangeError(`no window to draw from in [0, ${max}]`);
    this.total = this.windows.reduce((sum, w) => sum + w.weight, 0);
    this.whole = fc.integer({ min: 0, max });
  }

  generate(mrng: fc.Random): fc.Value<number> {
    let pick = mrng.nextInt(0, this.total - 1);
    for (const w of this.windows) {
      if (pick < w.weight) return new fc.Value(mrng.nextInt(w.min, w.max), undefined);
      pick -= w.weight;
    }
    throw new Error('unreachable: the weights sum to the total');
  }

  canShrinkWithoutContext(value: unknown): value is number {
    return this.whole.canShrinkWithoutContext(value);
  }

  shrink(value: number, context: unknown): fc.Stream<fc.Value<number>> {
    return this.whole.shrink(value, context);
  }
}
