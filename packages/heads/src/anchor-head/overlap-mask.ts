import * as tf from '@tensorflow/tfjs-core';
import { iou } from '@yolo-loss/geometry';

/**
 * The YOLO ignore rule on the device, batched: whether the best IoU (`I / U`, 0 when `U = 0`:
 * {@link iou} with `eps: 0`) of every box with the valid ground-truth boxes of its image is
 * `> threshold`. Memory grows as boxes × ground truths per image (`[N, S·A, G]`).
 *
 * @param boxes - `[N or 1, S, A, 4]` predicted (or prior) boxes, `xyxy`.
 * @param gtBoxes - `[N, G, 4]` padded ground truth, `xyxy`.
 * @param gtValid - `[N, G]` 1 for a real ground-truth box, 0 for padding.
 * @param threshold - strict `>` threshold.
 * @returns `[N, S, A]` float 0/1 (1 = IoU above the threshold with some ground truth).
 */
export function overlapMask(
  boxes: tf.Tensor,
  gtBoxes: tf.Tensor,
  gtValid: tf.Tensor,
  threshold: number,
): tf.Tensor {
  return tf.tidy(() => {
    const [nb, s, a] = boxes.shape as [number, number, number, number];
    const [n, g] = gtValid.shape as [number, number];
    const p = tf.reshape(boxes, [nb, s * a, 1, 4]);
    const t = tf.reshape(gtBoxes, [n, 1, g, 4]);
    const overlap = tf.mul(iou(p, t, { eps: 0 }), tf.reshape(gtValid, [n, 1, g])); // [N, P, G]
    const best = tf.max(overlap, -1); // [N, P]
    return tf.reshape(tf.cast(tf.greater(best, threshold), 'float32'), [n, s, a]);
  });
}
