// Deterministic pseudo-random numbers: every random choice of the demo comes from a seed.

/**
 * @typedef {object} Rng
 * @property {() => number} next - uniform in [0, 1)
 * @property {(lo: number, hi: number) => number} uniform - uniform in [lo, hi)
 * @property {(lo: number, hi: number) => number} int - integer in [lo, hi] inclusive
 * @property {() => number} normal - standard normal
 * @property {(salt: number) => Rng} fork - a derived generator with its own stream
 */

/**
 * A seeded generator (mulberry32) with the few distributions the demo needs.
 * @param {number} seed - any integer
 * @returns {Rng}
 */
export function createRng(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    /** Uniform in [0, 1). */
    next,
    /** Uniform in [lo, hi). */
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    /** Integer in [lo, hi] inclusive. */
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    /** Standard normal (Box–Muller). */
    normal: () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
    /** A derived generator with its own stream. */
    fork: (salt) => createRng((Math.floor(next() * 4294967296) ^ Math.imul(salt + 1, 0x9e3779b1)) >>> 0),
  };
}

/**
 * Fisher–Yates shuffle of `0..n-1` with `rng`.
 * @param {number} n
 * @param {Pick<Rng, 'next'>} rng
 */
export function permutation(n, rng) {
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}
