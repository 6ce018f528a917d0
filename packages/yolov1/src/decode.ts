import * as tf from '@tensorflow/tfjs-core';
import type { DecodeOptions } from '@yolo-loss/heads';
import type { ResolvedYolov1Config } from './config.js';
import { decodeHead, gridIndices } from './head.js';

/** Post-processing options of `decodeYolov1` (the same for every version; `iouThreshold` is still taken for `nmsThreshold`). */
export type Yolov1DecodeOptions = DecodeOptions & { /** The earlier name of `nmsThreshold`. */ iouThreshold?: number };

/**
 * The boxes and class scores of a validated prediction, for the score threshold and NMS: every
 * predictor of every cell gives a box `((col + x)/S_w, (row + y)/S_h, w, h)` (decoded as
 * `activation` says) with score `Ĉ·p̂(c)` per class. Runs inside the caller's `tf.tidy`.
 *
 * @param pred - `[N, S_h, S_w, B·5 + C]`.
 * @returns `[N, S_h·S_w·B, 4]` image-normalised `xywh` and `[N, S_h·S_w·B, C]` scores.
 */
export function yolov1Detections(pred: tf.Tensor4D, config: ResolvedYolov1Config): [tf.Tensor3D, tf.Tensor3D] {
  const [N, H, W] = pred.shape;
  const B = config.boxesPerCell;
  const C = config.numClasses;
  const d = decodeHead(pred, config);
  const { col, row } = gridIndices(config);
  const flat = (t: tf.Tensor): tf.Tensor => tf.reshape(t, [N * H * W * B]);
  const boxes = tf.stack([flat(tf.div(tf.add(col, d.x), W)), flat(tf.div(tf.add(row, d.y), H)), flat(d.w), flat(d.h)], 1);
  // Rank 3 (tfjs-webgpu breaks on some rank-5 kernels): [N·H·W, B, 1] × [N·H·W, 1, C].
  const scores = tf.mul(tf.reshape(d.conf, [N * H * W, B, 1]), tf.reshape(d.probs, [N * H * W, 1, C]));
  return [tf.reshape<tf.Rank.R3>(boxes, [N, H * W * B, 4]), tf.reshape<tf.Rank.R3>(scores, [N, H * W * B, C])];
}
