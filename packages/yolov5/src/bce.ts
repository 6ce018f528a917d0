import * as tf from '@tensorflow/tfjs-core';
import { bceWithLogits } from '@yolo-loss/backend';
import { YOLOV5_FOCAL_ALPHA as FOCAL_ALPHA, YOLOV5_FOCAL_FLOOR as FOCAL_FLOOR } from '@yolo-loss/backend/kernels';

/**
 * The BCE of the YOLOv5 class and objectness terms, element-wise:
 * `−[p·y·log σ(z) + (1 − y)·log(1 − σ(z))]` (torch's `BCEWithLogitsLoss(pos_weight = p)`),
 * computed as `BCE(z, y) + (p − 1)·y·BCE(z, 1)`; then, for `γ > 0`, the focal factor
 * `(y·α + (1 − y)(1 − α)) · (1 − p_t)^γ` with `p_t = y·σ(z) + (1 − y)(1 − σ(z))`, `α` = 0.25 and
 * `1 − p_t` floored at `YOLOV5_FOCAL_FLOOR` (finite gradients where `p_t` = 1).
 *
 * @param logits - `[R, K]` raw logits.
 * @param targets - `[R, K]` targets in [0, 1].
 * @param posWeight - `p`: a number or `[1, K]` (one per column).
 * @param gamma - focal `γ` (0: none).
 * @returns `[R, K]`.
 */
export function yoloBce(
  logits: tf.Tensor,
  targets: tf.Tensor,
  posWeight: number | tf.Tensor,
  gamma: number,
): tf.Tensor {
  let loss = bceWithLogits(logits, targets);
  if (posWeight instanceof tf.Tensor || posWeight !== 1) {
    const extra = tf.mul(
      targets,
      posWeight instanceof tf.Tensor ? tf.sub(posWeight, 1) : posWeight - 1,
    );
    loss = tf.add(loss, tf.mul(extra, bceWithLogits(logits, tf.onesLike(logits))));
  }
  // γ as the tensors and the fused kernels hold it: a γ that is 0 in float32 means no focal factor
  if (Math.fround(gamma) > 0) {
    const p = tf.sigmoid(logits);
    const notT = tf.sub(1, targets);
    const pt = tf.add(tf.mul(targets, p), tf.mul(notT, tf.sub(1, p)));
    const alpha = tf.add(tf.mul(targets, FOCAL_ALPHA), tf.mul(notT, 1 - FOCAL_ALPHA));
    const modulation = tf.pow(tf.maximum(tf.sub(1, pt), FOCAL_FLOOR), gamma);
    loss = tf.mul(loss, tf.mul(alpha, modulation));
  }
  return loss;
}
