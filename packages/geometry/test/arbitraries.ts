// fast-check generators of box pairs, degenerate ones included (shared by the property tests).
import fc from 'fast-check';

export type Box = [number, number, number, number];

const f32 = Math.fround;

/** One scale per pair: 1e-6 .. 1e6. */
const scale = fc.constantFrom(1e-6, 1e-3, 1, 640, 1e6);

/**
 * Multiples of s/1024 in [lo·s, hi·s]: at the smallest scale 1e-9 apart, so squares of sizes and
 * distances stay normal float32 numbers (subnormal boxes are outside what we promise).
 */
const grid = (s: number, lo: number, hi: number): fc.Arbitrary<number> =>
  fc.integer({ min: lo * 1024, max: hi * 1024 }).map((k) => (k / 1024) * s);

/** A size: 0 (degenerate) or in [s/1024, 2·s]. */
const size = (s: number): fc.Arbitrary<number> =>
  fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 6, arbitrary: grid(s, 0, 2) });

const corner = (s: number): fc.Arbitrary<number> => grid(s, -3, 3);

/** An xyxy box at scale `s`, float32-representable, x1 <= x2 and y1 <= y2. */
export const boxAt = (s: number): fc.Arbitrary<Box> =>
  fc.tuple(corner(s), corner(s), size(s), size(s)).map(([x, y, w, h]): Box => {
    const x1 = f32(x);
    const y1 = f32(y);
    return [x1, y1, Math.max(x1, f32(x + w)), Math.max(y1, f32(y + h))];
  });

/** A pair at one scale: random, identical, nested, touching, or sharing an edge. */
export const boxPair: fc.Arbitrary<[Box, Box]> = scale.chain((s) =>
  fc.oneof(
    { weight: 5, arbitrary: fc.tuple(boxAt(s), boxAt(s)) },
    { weight: 1, arbitrary: boxAt(s).map((a): [Box, Box] => [a, [...a]]) },
    {
      weight: 1,
      arbitrary: fc.tuple(boxAt(s), fc.double({ min: 0, max: 0.5, noNaN: true })).map(([a, t]): [Box, Box] => {
        const dx = (a[2] - a[0]) * t;
        const dy = (a[3] - a[1]) * t;
        return [a, [f32(a[0] + dx), f32(a[1] + dy), Math.max(f32(a[0] + dx), f32(a[2] - dx)), Math.max(f32(a[1] + dy), f32(a[3] - dy))]];
      }),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(boxAt(s), boxAt(s)).map(([a, b]): [Box, Box] => {
        const w = b[2] - b[0];
        return [a, [a[2], b[1], f32(a[2] + w), b[3]]];
      }),
    },
  ),
);

/** A batch of 1..8 pairs. */
export const pairBatch = fc.array(boxPair, { minLength: 1, maxLength: 8 });
