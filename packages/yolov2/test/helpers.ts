import * as tf from '@tensorflow/tfjs-core';
import type { GtBox } from '../src/index.js';

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

/** A random prediction tensor. */
export function randomPred(shape: [number, number, number, number], seed = 1, scale = 1): tf.Tensor4D {
  const rand = seeded(seed);
  const data = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rand(-scale, scale));
  return tf.tensor4d(data, shape);
}

/** A small ragged batch: image 0 three boxes, image 1 none, image 2 one. */
export const raggedGt: GtBox[][] = [
  [
    { x: 0.3, y: 0.4, w: 0.25, h: 0.3, classId: 0 },
    { x: 0.7, y: 0.2, w: 0.1, h: 0.15, classId: 2 },
    { x: 0.55, y: 0.8, w: 0.5, h: 0.3, classId: 1 },
  ],
  [],
  [{ x: 0.1, y: 0.9, w: 0.2, h: 0.15, classId: 1 }],
];
