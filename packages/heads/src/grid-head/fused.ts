import * as tf from '@tensorflow/tfjs-core';
import type { LossResult } from '@yolo-loss/backend';

/**
 * The fused path of a one-head version: the backend kernel that computes its terms in one pass,
 * and the version's call of it (packing its targets into the kernel's layout).
 *
 * @typeParam C - the resolved config.
 * @typeParam T - the encoded targets (CPU arrays).
 */
export interface GridHeadFusedPart<C, T> {
  /** Registry name of the forward kernel (`YOLOV1_HEAD_KERNEL`, …): the loss runs fused where the active backend has it. */
  kernel: string;
  /** The four terms, reduced over the batch, through the kernel (runs inside a `tf.tidy`). */
  terms: (pred: tf.Tensor4D, targets: T, config: C) => Omit<LossResult, 'stats'>;
}

/** The factor of each term: its λ, squared-error scale and batch divisor together. */
export interface TermWeights {
  box: number;
  obj: number;
  noobj: number;
  cls: number;
}

/**
 * The loss terms from a fused kernel's unweighted sums: each sum times its weight (as the
 * composed terms are `Σ(...) · weight`), and their total. Call inside a `tf.tidy`.
 *
 * @param sums - `[4]`: the box, obj, noobj and cls sums over the batch.
 */
export function weightedTerms(sums: tf.Tensor1D, weights: TermWeights): Omit<LossResult, 'stats'> {
  // one multiply and one sum for the four terms and the total: each kernel costs a dispatch
  const weighted = tf.mul(sums, tf.tensor1d([weights.box, weights.obj, weights.noobj, weights.cls]));
  const [box, obj, noobj, cls] = tf.unstack(weighted) as [tf.Scalar, tf.Scalar, tf.Scalar, tf.Scalar];
  return { total: tf.sum(weighted), box, obj, noobj, cls };
}

/** A fused kernel's sparse targets: where each marked slot's entry is, and the entries. */
export interface EntryTable {
  /** `[slots]`: the entry of each slot in `table`, `-1` for an unmarked slot. */
  index: Int32Array;
  /** `[max(entries, 1) · width]`: one row of `width` floats per marked slot, in slot order. */
  table: Float32Array;
}

/**
 * Packs the marked slots (cells, or cells × anchors) of encoded targets into a kernel's entry
 * table, so no dense per-slot tensor is uploaded: `fill` writes slot `slot`'s row at `offset`.
 *
 * @param marked - `[slots]`: non-zero where the slot has a target.
 * @param width - floats per entry.
 */
export function packEntryTable(
  marked: ArrayLike<number>,
  width: number,
  fill: (table: Float32Array, offset: number, slot: number) => void,
): EntryTable {
  const index = new Int32Array(marked.length).fill(-1);
  let entries = 0;
  for (let slot = 0; slot < marked.length; slot++) if (marked[slot] !== 0) index[slot] = entries++;
  // at least one row: a zero-size buffer is not a valid kernel input on every backend
  const table = new Float32Array(Math.max(entries, 1) * width);
  for (let slot = 0; slot < marked.length; slot++) {
    const k = index[slot]!;
    if (k >= 0) fill(table, k * width, slot);
  }
  return { index, table };
}
