// np.mean of a contiguous float64 array, bit for bit: numpy sums with its pairwise algorithm
// (blocks of up to 128 values summed in 8 interleaved accumulators, larger ranges split in
// two at a multiple of 8), so a plain left-to-right sum can differ in the last bits.

function pairwiseSum(a: Float64Array, lo: number, n: number): number {
  if (n < 8) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += a[lo + i]!;
    return sum;
  }
  if (n <= 128) {
    let r0 = a[lo]!;
    let r1 = a[lo + 1]!;
    let r2 = a[lo + 2]!;
    let r3 = a[lo + 3]!;
    let r4 = a[lo + 4]!;
    let r5 = a[lo + 5]!;
    let r6 = a[lo + 6]!;
    let r7 = a[lo + 7]!;
    const whole = n - (n % 8);
    let i = 8;
    for (; i < whole; i += 8) {
      const o = lo + i;
      r0 += a[o]!;
      r1 += a[o + 1]!;
      r2 += a[o + 2]!;
      r3 += a[o + 3]!;
      r4 += a[o + 4]!;
      r5 += a[o + 5]!;
      r6 += a[o + 6]!;
      r7 += a[o + 7]!;
    }
    let sum = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) sum += a[lo + i]!;
    return sum;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return pairwiseSum(a, lo, half) + pairwiseSum(a, lo + half, n - half);
}

/**
 * `np.mean(a[:n])` for float64 values, summed in numpy's order; `-1` when `n = 0` (pycocotools'
 * value for "nothing to average").
 * @internal
 */
export function numpyMean(a: Float64Array, n: number): number {
  if (n === 0) return -1;
  return (0 + pairwiseSum(a, 0, n)) / n;
}
