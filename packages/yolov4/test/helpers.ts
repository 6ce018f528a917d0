import * as tf from '@tensorflow/tfjs-core';
import type { GtBox, LossResult } from '../src/index.js';

/** Deterministic pseudo-random numbers in [0, 1). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Random head tensors `[N, H, W, A·(5+C)]` with values in [-scale, scale]. */
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

/** `count` random GT boxes per image (centres inside, sizes in (0.02, 0.5)). */
export function randomGt(images: number, count: number, numClasses: number, seed = 7): GtBox[][] {
  const r = rng(seed);
  return Array.from({ length: images }, () =>
    Array.from({ length: count }, () => ({
      x: 0.02 + r() * 0.96,
      y: 0.02 + r() * 0.96,
      w: 0.02 + r() * 0.48,
      h: 0.02 + r() * 0.48,
      classId: Math.floor(r() * numClasses),
    })),
  );
}

/** Disposes the scalar terms of a loss result. */
export function disposeResult(r: LossResult): void {
  tf.dispose([r.total, r.box, r.obj, r.noobj, r.cls]);
}
