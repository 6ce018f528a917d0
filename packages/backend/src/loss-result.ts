import * as tf from '@tensorflow/tfjs-core';
import { YoloInputError } from './errors.js';

/**
 * How a loss combines its per-image sums over the batch: `'mean'` (the batch mean) or `'sum'`.
 * The one reduction type of the library: every loss's `reduction` key, and geometry's IoU losses
 * (which also take `'none'`).
 */
export type Reduction = 'mean' | 'sum';

/** The plain-number statistics every loss reports (each version adds its own). */
export interface LossStats {
  /** Valid (non-padding) ground-truth boxes in the batch. */
  numGt: number;
  /** Slots (cells, anchors) that got a target. */
  numTargets: number;
  /** Ground-truth boxes (or claims) that lost their slot to another one. */
  droppedTargets: number;
}

/**
 * What every `yolovNLoss` returns: scalar tensors with `total = box + obj + noobj + cls` (the
 * caller disposes them) and statistics known without reading the device.
 */
export interface LossResult<S extends LossStats = LossStats> {
  /** What to minimise: `box + obj + noobj + cls`, scalar. */
  total: tf.Scalar;
  /** Coordinate term of the responsible slots, scalar. */
  box: tf.Scalar;
  /** Objectness (confidence) term of the responsible slots, scalar. */
  obj: tf.Scalar;
  /** Objectness term of the other slots (those not ignored), scalar. */
  noobj: tf.Scalar;
  /** Class term of the responsible slots, scalar. */
  cls: tf.Scalar;
  /** Plain numbers. */
  stats: S;
}

/**
 * What a per-image sum is divided by: the batch size for `'mean'` (at least 1, so an empty batch
 * gives 0, not NaN), 1 for `'sum'`.
 *
 * @param reduction - `'mean'` or `'sum'`.
 * @param batchSize - images in the batch `N`.
 */
export function reductionDivisor(reduction: Reduction, batchSize: number): number {
  return reduction === 'mean' ? Math.max(batchSize, 1) : 1;
}

/**
 * Reduces the per-image-summed loss terms over the batch: each term's parts (e.g. one per head)
 * are added, divided by {@link reductionDivisor}, and `total` is the sum of the four. A term
 * without parts is 0.
 *
 * @param parts - scalar tensors per term (each any shape that sums to the term: scalars here).
 * @param reduction - `'mean'` or `'sum'`.
 * @param batchSize - images in the batch `N`.
 * @returns scalar tensors `total, box, obj, noobj, cls`.
 */
export function reduceLossTerms(
  parts: Readonly<Record<'box' | 'obj' | 'noobj' | 'cls', readonly tf.Tensor[]>>,
  reduction: Reduction,
  batchSize: number,
): Omit<LossResult, 'stats'> {
  const scale = 1 / reductionDivisor(reduction, batchSize);
  const sum = (v: readonly tf.Tensor[]): tf.Tensor => (v.length > 0 ? addMany(v) : tf.scalar(0));
  const [box, obj, noobj, cls] = [parts.box, parts.obj, parts.noobj, parts.cls].map((v) =>
    tf.mul<tf.Scalar>(sum(v), scale),
  ) as [tf.Scalar, tf.Scalar, tf.Scalar, tf.Scalar];
  return { total: tf.addN<tf.Scalar>([box, obj, noobj, cls]), box, obj, noobj, cls };
}

/**
 * Inputs per `tf.addN` call in {@link addMany}: tfjs-webgpu 4.22 binds every `AddN` input as a
 * storage buffer, and with more than the adapter's `maxStorageBuffersPerShaderStage` (8 by
 * default, the output included) the pipeline is invalid and the kernel silently returns garbage.
 */
const ADD_N_CHUNK = 6;

/**
 * The element-wise sum of one or more same-shape tensors, as `tf.addN` but safe on WebGPU for any
 * count (sums chunks of {@link ADD_N_CHUNK}, then the partial sums).
 *
 * @param tensors - at least one tensor, all the same shape and dtype.
 */
export function addMany<T extends tf.Tensor>(tensors: readonly T[]): T {
  if (tensors.length === 0) throw new YoloInputError('addMany: tensors: expected at least one tensor, got none');
  if (tensors.length <= ADD_N_CHUNK) return tensors.length === 1 ? tensors[0]! : tf.addN(tensors as T[]);
  const partial: T[] = [];
  for (let i = 0; i < tensors.length; i += ADD_N_CHUNK) partial.push(addMany(tensors.slice(i, i + ADD_N_CHUNK)));
  return addMany(partial);
}
