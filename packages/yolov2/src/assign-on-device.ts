import * as tf from '@tensorflow/tfjs-core';
import { iou as boxIou } from '@yolo-loss/geometry';
import { detached } from '@yolo-loss/heads';
import type { ResolvedYolov2Config } from './config.js';
import { decodeBoxes, splitHead } from './head.js';
import type { TargetTensors } from './target-tensors.js';

/**
 * Device-side, prediction-dependent part of the assignment (docs/losses/yolov2.md), with no gradient:
 * the IoU of each responsible slot's decoded box with its GT (the rescore target) and the
 * noobj mask (not responsible, and IoU with every GT of the image <= `ignoreThreshold`).
 * No GPU→CPU read.
 *
 * @param pred - `[N, H, W, A·(5 + C)]`, validated.
 * @returns `[N, H, W, 2A]`: channels `0..A−1` the noobj mask, `A..2A−1` the IoU targets
 *   (0 outside responsible slots). Its gradient with respect to `pred` is 0.
 */
export function assignOnDevice(pred: tf.Tensor4D, targets: TargetTensors, config: ResolvedYolov2Config): tf.Tensor4D {
  return detached(pred, (p) => tf.tidy(() => computeAssignment(p as tf.Tensor4D, targets, config))) as tf.Tensor4D;
}

function computeAssignment(pred: tf.Tensor4D, t: TargetTensors, config: ResolvedYolov2Config): tf.Tensor4D {
  const [N, H, W] = pred.shape;
  const A = config.anchors.length;
  // Image units, as Darknet's get_region_box: x = (col + σ(tx))/W, w = p_w·e^{tw}/W.
  const cells = decodeBoxes(splitHead(pred, config), config);
  const part = (v: tf.Tensor, size: number): tf.Tensor => tf.reshape(tf.div(v, size), [N * H * W * A, 1]);
  const box = tf.concat([part(cells.x, W), part(cells.y, H), part(cells.w, W), part(cells.h, H)], 1); // [N·H·W·A, 4]
  // I / U with no eps, 0 when U = 0 (docs/losses/conventions.md).
  const iou = (a: tf.Tensor, b: tf.Tensor): tf.Tensor => boxIou(a, b, { format: 'xywh', eps: 0 });
  const iouStar = tf.mul(tf.reshape(iou(box, t.gt), [N, H, W, A]), t.responsible);
  // Best IoU with any GT of the image: [N, H·W·A, 1, 4] against [N, 1, M, 4].
  const pairwise = iou(tf.reshape(box, [N, H * W * A, 1, 4]), t.all);
  const best = tf.reshape(tf.max(pairwise, -1), [N, H, W, A]);
  const keep = tf.cast(tf.lessEqual(best, config.ignoreThreshold), 'float32');
  const noobj = tf.mul(tf.sub(1, t.responsible), keep);
  return tf.concat([noobj, iouStar], -1) as tf.Tensor4D;
}
