import * as tf from '@tensorflow/tfjs-core';
import type { FixtureGtBox } from './loss-fixtures.js';

/** Deterministic pseudo-random values in [lo, hi) (mulberry32). */
export function seeded(seed: number): (lo?: number, hi?: number) => number {
  let a = seed >>> 0;
  return (lo = 0, hi = 1) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return lo + (hi - lo) * (((t ^ (t >>> 14)) >>> 0) / 4294967296);
  };
}

/** Deterministic pseudo-random numbers in [0, 1) (LCG). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A random prediction tensor `[N, H, W, C]` with values in [-scale, scale) (mulberry32). */
export function randomPred(shape: [number, number, number, number], seed = 1, scale = 1): tf.Tensor4D {
  const rand = seeded(seed);
  const data = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rand(-scale, scale));
  return tf.tensor4d(data, shape);
}

/** Random head tensors `[N, H, W, A·(5+C)]` with values in [-scale, scale] (LCG). */
export function randomHeads(
  shapes: readonly (readonly [number, number, number, number])[],
  seed = 1,
  scale = 2,
): tf.Tensor4D[] {
  const r = rng(seed);
  return shapes.map((s) => {
    const data = new Float32Array(s[0] * s[1] * s[2] * s[3]);
    for (let i = 0; i < data.length; i++) data[i] = (r() * 2 - 1) * scale;
    return tf.tensor4d(data, [...s]);
  });
}

/** `count` random GT boxes per image (LCG; centres inside, sizes in [`minSize`, `maxSize`), default [0.02, 0.5)). */
export function randomGt(
  images: number,
  count: number,
  numClasses: number,
  seed = 7,
  minSize = 0.02,
  maxSize = 0.5,
): FixtureGtBox[][] {
  const r = rng(seed);
  return Array.from({ length: images }, () =>
    Array.from({ length: count }, () => ({
      x: 0.02 + r() * 0.96,
      y: 0.02 + r() * 0.96,
      w: minSize + r() * (maxSize - minSize),
      h: minSize + r() * (maxSize - minSize),
      classId: Math.floor(r() * numClasses),
    })),
  );
}

/** A small ragged batch: image 0 three boxes, image 1 none, image 2 one. */
export const raggedGt: FixtureGtBox[][] = [
  [
    { x: 0.3, y: 0.4, w: 0.25, h: 0.3, classId: 0 },
    { x: 0.7, y: 0.2, w: 0.1, h: 0.15, classId: 2 },
    { x: 0.55, y: 0.8, w: 0.5, h: 0.3, classId: 1 },
  ],
  [],
  [{ x: 0.1, y: 0.9, w: 0.2, h: 0.15, classId: 1 }],
];

/** Disposes the scalar terms of a loss result, a version's own terms too (YOLOv8's `dfl`). */
export function disposeResult(r: { total: tf.Tensor; box: tf.Tensor; obj: tf.Tensor; noobj: tf.Tensor; cls: tf.Tensor }): void {
  tf.dispose(Object.values(r).filter((v): v is tf.Tensor => v instanceof tf.Tensor));
}
