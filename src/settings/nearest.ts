/**
 * The known name nearest to a misspelt one, for "did you mean --target?". Distance is the optimal
 * string alignment form of Damerau–Levenshtein: an insertion, a deletion, a substitution or a swap of
 * two neighbouring characters each cost 1, so `--targt`, `--tagret` and `--traget` are each one edit
 * from `--target`. Pure.
 */

/** The number of single-character edits (and neighbour swaps) that turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number): number => d[i]?.[j] ?? Infinity;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}

/**
 * How far a name may be from a known one and still be taken for a slip of it: one edit in a name of up
 * to 4 characters, two up to 8, three beyond; further than that, the nearest is a guess, not a fix.
 */
export function tolerance(length: number): number {
  return length <= 4 ? 1 : length <= 8 ? 2 : 3;
}

/**
 * The candidate nearest to `given` (case aside) within tolerance; the first of equals; null when none is
 * that near. A name cut short (`rout`, `--max-lat`) is taken for the one candidate it begins, before
 * any edit distance: `rout` is one edit from `out` but meant `routes`.
 */
export function nearestName(given: string, candidates: readonly string[]): string | null {
  const word = given.toLowerCase();
  const begun = word.length >= 3 ? candidates.filter((c) => c.toLowerCase().startsWith(word) && c.length > word.length) : [];
  if (begun.length === 1) return begun[0] as string;
  let best: string | null = null;
  let bestDistance = tolerance(word.length) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
