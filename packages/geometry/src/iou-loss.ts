import * as tf from '@tensorflow/tfjs-core';
import type { IouKind } from './iou-core.js';
import { checkOptions, elementwise, type IouOptions } from './iou-tensor.js';
import type { Reduction } from '@yolo-loss/backend';
import { checkReduction, reduceLoss } from './reduce-loss.js';

/** Options of {@link iouLoss}, {@link giouLoss}, {@link diouLoss}, {@link ciouLoss}. */
export interface IouLossOptions extends IouOptions {
  /** `'none'` (default): element-wise; `'mean'` (0 for an empty input) or `'sum'`: a scalar. */
  reduction?: Reduction | 'none';
}

function loss(a: tf.Tensor, b: tf.Tensor, kind: IouKind, options: IouLossOptions | undefined, fn: string): tf.Tensor {
  const opts = checkOptions(options, fn);
  const reduction = checkReduction(opts.reduction, `${fn}: options.reduction`);
  return tf.tidy(() => reduceLoss(tf.sub(1, elementwise(a, b, kind, opts, fn)), reduction));
}

/**
 * `1 − IoU`, as `1 − I / (U + eps)` of torchvision's `_loss_inter_union`. Broadcasts like
 * {@link iou}.
 *
 * @param a - `[..., 4]` float32 boxes.
 * @param b - `[..., 4]` float32 boxes, broadcastable with `a`.
 * @returns the broadcast batch shape for `reduction: 'none'`, else a scalar.
 */
export function iouLoss(a: tf.Tensor, b: tf.Tensor, options?: IouLossOptions): tf.Tensor {
  return loss(a, b, 'iou', options, 'iouLoss');
}

/**
 * `1 − GIoU`: torchvision's `generalized_box_iou_loss(a, b, reduction, eps)`.
 *
 * @param a - `[..., 4]` float32 boxes.
 * @param b - `[..., 4]` float32 boxes, broadcastable with `a`.
 * @returns the broadcast batch shape for `reduction: 'none'`, else a scalar.
 */
export function giouLoss(a: tf.Tensor, b: tf.Tensor, options?: IouLossOptions): tf.Tensor {
  return loss(a, b, 'giou', options, 'giouLoss');
}

/**
 * `1 − DIoU`: torchvision's `distance_box_iou_loss(a, b, reduction, eps)`.
 *
 * @param a - `[..., 4]` float32 boxes.
 * @param b - `[..., 4]` float32 boxes, broadcastable with `a`.
 * @returns the broadcast batch shape for `reduction: 'none'`, else a scalar.
 */
export function diouLoss(a: tf.Tensor, b: tf.Tensor, options?: IouLossOptions): tf.Tensor {
  return loss(a, b, 'diou', options, 'diouLoss');
}

/**
 * `1 − CIoU`: torchvision's `complete_box_iou_loss(a, b, reduction, eps)`, `α` under
 * stop-gradient; finite (value and gradient) where torchvision gives NaN for `h = 0`.
 *
 * @param a - `[..., 4]` float32 boxes (the prediction).
 * @param b - `[..., 4]` float32 boxes (the target), broadcastable with `a`.
 * @returns the broadcast batch shape for `reduction: 'none'`, else a scalar.
 */
export function ciouLoss(a: tf.Tensor, b: tf.Tensor, options?: IouLossOptions): tf.Tensor {
  return loss(a, b, 'ciou', options, 'ciouLoss');
}
