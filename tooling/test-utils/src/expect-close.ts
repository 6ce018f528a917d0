/** Fixture tolerance: `|a − e| <= abs + rel·|e|`. */
export interface Tolerance {
  abs: number;
  rel: number;
}

/**
 * Asserts element-wise closeness. `null` expected entries are skipped (masked in fixtures);
 * `mask` entries of 0 are skipped too. On failure the error lists the worst entries with
 * their flat index, so a mismatch points at the channel that is wrong.
 */
export function expectAllClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number | null>,
  tolerance: Tolerance,
  label: string,
  mask?: ArrayLike<number>,
): void {
  if (actual.length !== expected.length) {
    throw new Error(`${label}: length ${actual.length} ≠ expected ${expected.length}`);
  }
  const bad: { i: number; a: number; e: number; excess: number }[] = [];
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    if (e === null || e === undefined || (mask && mask[i] === 0)) continue;
    const a = actual[i]!;
    const allowed = tolerance.abs + tolerance.rel * Math.abs(e);
    const diff = Math.abs(a - e);
    if (!(diff <= allowed)) bad.push({ i, a, e, excess: Number.isNaN(diff) ? Infinity : diff - allowed });
  }
  if (bad.length > 0) {
    bad.sort((x, y) => y.excess - x.excess);
    const worst = bad
      .slice(0, 8)
      .map(({ i, a, e }) => `[${i}] got ${a} expected ${e}`)
      .join('; ');
    throw new Error(`${label}: ${bad.length} of ${expected.length} entries off: ${worst}`);
  }
}
