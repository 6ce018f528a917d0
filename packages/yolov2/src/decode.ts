import * as tf from '@tensorflow/tfjs-core';
import type { DecodeOptions } from '@yolo-loss/heads';
import { gridWH, type ResolvedYolov2Config } from './config.js';
import { decodeBoxes, splitHead } from './head.js';

/** Post-processing options of `decodeYolov2` (the same for every version; `iouThreshold` is still taken for `nmsThreshold`). */
export type Yolov2DecodeOptions = DecodeOptions & { /** The earlier name of `nmsThreshold`. */ iouThreshold?: number };

/**
 * The boxes and class scores of a validated prediction, for the score threshold and NMS: every
 * anchor of every cell gives a box `((σ(tx) + col)/W, (σ(ty) + row)/H, p_w·e^{tw}/W, p_h·e^{th}/H)`
 * with score `σ(to)·softmax(c)` per class. Runs inside the caller's `tf.tidy`.
 *
 * @param pred - `[N, H, W, A·(5 + C)]`.
 * @returns `[N, H·W·A, 4]` image-normalised `xywh` and `[N, H·W·A, C]` scores.
 */
export function yolov2Detections(pred: tf.Tensor4D, config: ResolvedYolov2Config): [tf.Tensor3D, tf.Tensor3D] {
  const [N, H, W] = pred.shape;
  const B = config.anchors.length;
  const C = config.numClasses;
  const [gw, gh] = gridWH(config);
  const raw = splitHead(pred, config);
  const d = decodeBoxes(raw, config);
  const flat = (t: tf.Tensor, size: number): tf.Tensor => tf.reshape(tf.div(t, size), [N * H * W * B]);
  const boxes = tf.stack([flat(d.x, gw), flat(d.y, gh), flat(d.w, gw), flat(d.h, gh)], 1);
  // Rank 3 (tfjs-webgpu breaks on some rank-5 kernels): [N·H·W, A, 1] × [N·H·W, A, C].
  const scores = tf.mul(tf.reshape(tf.sigmoid(raw.to), [N * H * W, B, 1]), tf.softmax(raw.logits));
  return [tf.reshape<tf.Rank.R3>(boxes, [N, H * W * B, 4]), tf.reshape<tf.Rank.R3>(scores, [N, H * W * B, C])];
}
