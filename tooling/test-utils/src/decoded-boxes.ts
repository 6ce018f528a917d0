import { expect } from 'vitest';
import { expectAllClose } from './expect-close.js';
import type { FixtureGtBox } from './loss-fixtures.js';

/** A detection as the decoders return it (image-normalised centre box, class, score). */
export interface DecodedBox {
  x: number;
  y: number;
  w: number;
  h: number;
  classId: number;
  score: number;
}

/**
 * Asserts that each image's detections are exactly its expected boxes (same classes, boxes within
 * 1e-4, compared in order of x) and that every detection scores above `minScore`.
 */
export function expectDecodedBoxes(
  detections: readonly (readonly DecodedBox[])[],
  expected: readonly (readonly FixtureGtBox[])[],
  minScore = 0.9,
): void {
  expect(detections).toHaveLength(expected.length);
  detections.forEach((list, n) => {
    const want = [...expected[n]!].sort((a, b) => a.x - b.x);
    const got = [...list].sort((a, b) => a.x - b.x);
    expect(got.map((d) => d.classId)).toEqual(want.map((d) => d.classId));
    expectAllClose(got.flatMap((d) => [d.x, d.y, d.w, d.h]), want.flatMap((d) => [d.x, d.y, d.w, d.h]), { abs: 1e-4, rel: 1e-4 }, `image ${n}`);
    for (const d of got) expect(d.score).toBeGreaterThan(minScore);
  });
}
