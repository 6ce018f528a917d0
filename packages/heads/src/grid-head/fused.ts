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
