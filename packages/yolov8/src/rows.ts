import * as tf from '@tensorflow/tfjs-core';
import type { AnchorLayout } from './anchors.js';

/**
 * The composed loss's row order: output-major, then image, then cell (`r = N·Σ_{l'<l} H·W + n·H·W +
 * cell`). Each output reshapes to its rows without a copy and outputs concatenate along axis 0, so
 * neither the forward pass nor the gradient moves data with strided slices (slow on tfjs-cpu). An
 * image's anchors in ultralytics' order (output-major, cell) are contiguous blocks of these rows.
 */
export interface RowOrder {
  batchSize: number;
  /** Rows `N·A`. */
  rows: number;
  /** First row of each output. */
  levelStart: readonly number[];
  /** Cells `H·W` of each output. */
  levelCells: readonly number[];
}

export function rowOrder(anchors: AnchorLayout, batchSize: number): RowOrder {
  const levelCells = anchors.levels.map((l) => l.gridH * l.gridW);
  const levelStart = levelCells.map((_, l) => batchSize * levelCells.slice(0, l).reduce((s, v) => s + v, 0));
  return { batchSize, rows: batchSize * anchors.count, levelStart, levelCells };
}

/** The outputs `[N, H, W, ch]` as `[N·A, ch]` rows in {@link RowOrder}. */
export function outputRows(predictions: readonly tf.Tensor[]): tf.Tensor2D {
  const flat = predictions.map((p) => tf.reshape<tf.Rank.R2>(p, [-1, p.shape[3]!]));
  return flat.length === 1 ? flat[0]! : tf.concat(flat, 0);
}

/** A per-anchor constant (`values[a]`, anchors in ultralytics' order) in {@link RowOrder}, `[N·A, 1]`. */
export function anchorColumn(values: (anchor: number) => number, anchors: AnchorLayout, order: RowOrder): tf.Tensor2D {
  const out = new Float32Array(order.rows);
  let first = 0;
  order.levelCells.forEach((cells, l) => {
    for (let n = 0; n < order.batchSize; n++) {
      for (let i = 0; i < cells; i++) out[order.levelStart[l]! + n * cells + i] = values(first + i);
    }
    first += cells;
  });
  return tf.tensor2d(out, [order.rows, 1]);
}

/** Image `n`'s rows `[A, k]` (anchors in ultralytics' order) out of `[N·A, k]` rows. */
export function imageRows(x: tf.Tensor2D, n: number, order: RowOrder): tf.Tensor2D {
  const k = x.shape[1];
  const parts = order.levelCells.map((cells, l) => tf.slice(x, [order.levelStart[l]! + n * cells, 0], [cells, k]));
  return parts.length === 1 ? parts[0]! : tf.concat(parts, 0);
}

/** The inverse of {@link imageRows}: per-image `[A, k]` blocks back into `[N·A, k]` rows. */
export function fromImageRows(perImage: readonly tf.Tensor2D[], order: RowOrder): tf.Tensor2D {
  const parts: tf.Tensor2D[] = [];
  let first = 0;
  order.levelCells.forEach((cells) => {
    for (const x of perImage) parts.push(tf.slice(x, [first, 0], [cells, x.shape[1]]));
    first += cells;
  });
  return parts.length === 1 ? parts[0]! : tf.concat(parts, 0);
}
