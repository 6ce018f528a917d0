import * as tf from '@tensorflow/tfjs-core';
import { iou as boxIou } from '@yolo-loss/geometry';
import { detached } from '@yolo-loss/heads';
import { gridWH, type ResolvedYolov1Config } from './config.js';
import { decodeHead, gridIndices } from './head.js';
import type { TargetTensors } from './target-tensors.js';

/**
 * Device-side assignment (docs/losses/yolov1.md), computed from the predictions with no gradient:
 * the responsible predictor of each GT cell (highest IoU; if every IoU is 0 the smallest
 * coordinate distance; ties to the lower index) and each predictor's IoU with its cell's GT.
 * No GPU→CPU read.
 *
 * @param pred - `[N, H, W, B·5 + C]`, validated.
 * @returns `[N, H, W, 2B]`: channel `b` is 1 for the responsible predictor, channel `B + b` the
 *   IoU of predictor `b` with the cell's GT (0 outside GT cells). Its gradient with respect to
 *   `pred` is 0.
 */
export function assignResponsible(pred: tf.Tensor4D, targets: TargetTensors, config: ResolvedYolov1Config): tf.Tensor {
  return detached(pred, (p) => tf.tidy(() => computeAssignment(p as tf.Tensor4D, targets, config)));
}

function computeAssignment(pred: tf.Tensor4D, t: TargetTensors, config: ResolvedYolov1Config): tf.Tensor {
  const [W, H] = gridWH(config);
  const B = config.boxesPerCell;
  const d = decodeHead(pred, config);
  const { col, row } = gridIndices(config);
  // Predicted boxes as [N·H·W, B, 4] xywh (rank <= 4 for tfjs-webgpu), image units.
  const [N] = pred.shape;
  const part = (v: tf.Tensor): tf.Tensor => tf.reshape(v, [N * H * W, B, 1]);
  const box = tf.concat([part(tf.div(tf.add(col, d.x), W)), part(tf.div(tf.add(row, d.y), H)), part(d.w), part(d.h)], 2);
  // I / U with no eps, 0 when U = 0 (docs/losses/conventions.md).
  const iou = tf.reshape(boxIou(box, t.gtXywh, { format: 'xywh', eps: 0 }), [N, H, W, B]);
  const sq = (a: tf.Tensor, b: tf.Tensor): tf.Tensor => tf.square(tf.sub(a, b));
  const dist =
    config.fallbackDistance === 'image-rmse'
      ? // Darknet's RMSE over (x/S, y/S, w, h), offsets in image units (sqrt is monotone: compare squares).
        tf.addN([
          tf.square(tf.div(tf.sub(d.x, t.ox), W)),
          tf.square(tf.div(tf.sub(d.y, t.oy), H)),
          sq(d.w, t.gt.w),
          sq(d.h, t.gt.h),
        ])
      : tf.addN([sq(d.x, t.ox), sq(d.y, t.oy), sq(d.sw, t.osw), sq(d.sh, t.osh)]);
  const maxIou = tf.max(iou, -1, true);
  const byIou = tf.equal(iou, maxIou);
  const byDist = tf.lessEqual(dist, tf.min(dist, -1, true));
  // Logical ops, not tf.where: tfjs-backend-wasm 4.22's Select copies 4-byte elements, so between
  // bool tensors it writes past its 1-byte output and corrupts the wasm heap.
  const hasIou = tf.greater(maxIou, 0);
  const candidates = tf.logicalOr(tf.logicalAnd(hasIou, byIou), tf.logicalAnd(tf.logicalNot(hasIou), byDist));
  const index = tf.range(0, B, 1, 'float32');
  const first = tf.min(tf.where(candidates, tf.broadcastTo(index, iou.shape), tf.fill(iou.shape, B)), -1, true);
  const responsible = tf.mul(tf.cast(tf.equal(index, first), 'float32'), t.objCell);
  return tf.concat([responsible, tf.mul(iou, t.objCell)], -1);
}
