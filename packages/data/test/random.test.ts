import { describe, expect, it } from 'vitest';
import { seededRandom } from '../src/index.js';

/** mulberry32 again, in BigInt arithmetic modulo 2³² (an independent transcription of the algorithm). */
function reference(seed: number, count: number): number[] {
  const M = 2n ** 32n;
  const imul = (a: bigint, b: bigint) => (a * b) % M;
  const shr = (a: bigint, s: bigint) => a >> s;
  let state = BigInt(seed >>> 0);
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    state = (state + 0x6d2b79f5n) % M;
    let t = imul(state ^ shr(state, 15n), state | 1n);
    t = ((t + imul(t ^ shr(t, 7n), t | 61n)) % M) ^ t;
    out.push(Number(t ^ shr(t, 14n)) / 2 ** 32);
  }
  return out;
}

describe('seededRandom', () => {
  it('is mulberry32', () => {
    for (const seed of [0, 1, 42, 2 ** 31, -7]) {
      const rng = seededRandom(seed);
      expect(Array.from({ length: 50 }, rng)).toEqual(reference(seed, 50));
    }
  });

  it('gives numbers in [0, 1) spread over the interval', () => {
    const rng = seededRandom(3);
    const draws = Array.from({ length: 20000 }, rng);
    expect(draws.every((u) => u >= 0 && u < 1)).toBe(true);
    const deciles = Array.from(
      { length: 10 },
      (_, d) => draws.filter((u) => Math.floor(u * 10) === d).length,
    );
    expect(Math.min(...deciles)).toBeGreaterThan(1800);
    expect(Math.max(...deciles)).toBeLessThan(2200);
  });

  it('rejects a seed that is not an integer', () => {
    expect(() => seededRandom(1.5)).toThrow('seededRandom: seed: expected an integer, got 1.5');
    expect(() => seededRandom(NaN)).toThrow('seededRandom: seed: expected a finite number');
  });
});
