import { checkNumber } from './validate.js';

/** A source of uniform random numbers in [0, 1) (`Math.random` fits; so does {@link seededRandom}). */
export type Random = () => number;

/**
 * A seeded generator of uniform numbers in [0, 1) (mulberry32: 32 bits of state, fast, and the
 * same stream on every platform). Pass it as `rng` to {@link mosaic} to make a whole run of
 * augmentations reproducible.
 *
 * @param seed - any integer (taken modulo 2³²).
 * @returns a function returning the next number of the stream.
 */
export function seededRandom(seed: number): Random {
  checkNumber(seed, 'seededRandom: seed');
  if (!Number.isInteger(seed))
    throw new Error(`seededRandom: seed: expected an integer, got ${seed}`);
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Calls `rng` and checks it returned a number in [0, 1). @internal */
export function draw(rng: Random, name: string): number {
  const u = rng();
  if (typeof u !== 'number' || !(u >= 0 && u < 1)) {
    throw new Error(
      `${name}: expected the random source to return a number in [0, 1), got ${String(u)}`,
    );
  }
  return u;
}
