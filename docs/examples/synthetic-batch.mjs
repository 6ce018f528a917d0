// A fixed, learnable batch shared by the examples: bright squares on a dark background, one
// or two per image, with their ground-truth boxes (centre format, normalised, class = size bucket).
import * as tf from '@tensorflow/tfjs-core';

/**
 * @param {number} [size] - image side in pixels; the squares scale with it (6–15 px at 32).
 * @param {number} [count] - images.
 * @returns {{ images: tf.Tensor4D, groundTruth: {x:number,y:number,w:number,h:number,classId:number}[][] }}
 */
export function syntheticBatch(size = 32, count = 4) {
  const unit = size / 32;
  const pixels = new Float32Array(count * size * size * 3);
  const groundTruth = [];
  for (let n = 0; n < count; n++) {
    const boxes = [];
    for (let k = 0; k <= n % 2; k++) {
      const side = Math.round((6 + ((n * 5 + k * 7) % 10)) * unit);
      const x0 = Math.round(((n * 7 + k * 13) * unit) % (size - side));
      const y0 = Math.round(((n * 11 + k * 5) * unit) % (size - side));
      for (let y = y0; y < y0 + side; y++) {
        for (let x = x0; x < x0 + side; x++) pixels.fill(1, ((n * size + y) * size + x) * 3, ((n * size + y) * size + x) * 3 + 3);
      }
      boxes.push({ x: (x0 + side / 2) / size, y: (y0 + side / 2) / size, w: side / size, h: side / size, classId: side < 11 * unit ? 0 : 1 });
    }
    groundTruth.push(boxes);
  }
  return { images: tf.tensor4d(pixels, [count, size, size, 3]), groundTruth };
}

/** Reads `--steps N` from argv (the examples' test runs them short). */
export function stepsFromArgv(fallback) {
  const i = process.argv.indexOf('--steps');
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
