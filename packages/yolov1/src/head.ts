import * as tf from '@tensorflow/tfjs-core';
import { safeSqrt } from '@yolo-loss/backend';
import { YOLOV1_SQRT_EPS } from '@yolo-loss/backend/kernels';
import { gridIndices as gridIndicesOf } from '@yolo-loss/heads';
import { gridWH, type ResolvedYolov1Config } from './config.js';

/**
 * The decoded outputs of a YOLOv1 head (docs/losses/yolov1.md), each `[N, H, W, B]` except `probs`.
 * `activation: 'logistic'`: σ on everything, softmax classes. `'linear'`: as is, `√w = tw`, `√h = th`.
 */
export interface Yolov1Head {
  /** Centre offset inside the cell, x. */
  x: tf.Tensor4D;
  /** Centre offset inside the cell, y. */
  y: tf.Tensor4D;
  /** Width, image units. */
  w: tf.Tensor4D;
  /** Height, image units. */
  h: tf.Tensor4D;
  /** `√w` as the loss sees it (paper: `√(w + 1e-9)`; darknet: `tw`). */
  sw: tf.Tensor4D;
  /** `√h` as the loss sees it. */
  sh: tf.Tensor4D;
  /** Confidence `Ĉ`. */
  conf: tf.Tensor4D;
  /** `[N, H, W, C]` class scores `p̂` (paper: softmax; darknet: raw). */
  probs: tf.Tensor4D;
}

/**
 * Splits and decodes a validated prediction tensor.
 *
 * @param pred - `[N, H, W, B·5 + C]`.
 * @param config - the resolved config; `activation` selects the decoding.
 */
export function decodeHead(pred: tf.Tensor4D, config: ResolvedYolov1Config): Yolov1Head {
  const [N, H, W] = pred.shape;
  const B = config.boxesPerCell;
  const C = config.numClasses;
  // Rank <= 4 throughout: some tfjs-webgpu kernels (and their gradients) break on rank 5.
  const boxes = tf.reshape(tf.slice(pred, [0, 0, 0, 0], [N, H, W, B * 5]), [N * H * W, B, 5]);
  const [tx, ty, tw, th, to] = tf.split(boxes, 5, 2).map((t) => tf.reshape(t, [N, H, W, B])) as tf.Tensor4D[];
  const logits = tf.slice(pred, [0, 0, 0, B * 5], [N, H, W, C]);
  if (config.activation === 'linear') {
    return { x: tx!, y: ty!, w: tf.square(tw!), h: tf.square(th!), sw: tw!, sh: th!, conf: to!, probs: logits };
  }
  const w = tf.sigmoid(tw!);
  const h = tf.sigmoid(th!);
  return {
    x: tf.sigmoid(tx!),
    y: tf.sigmoid(ty!),
    w,
    h,
    sw: safeSqrt(w, YOLOV1_SQRT_EPS) as tf.Tensor4D,
    sh: safeSqrt(h, YOLOV1_SQRT_EPS) as tf.Tensor4D,
    conf: tf.sigmoid(to!),
    probs: tf.softmax(logits),
  };
}

/** Column and row indices shaped `[1, 1, W, 1]` and `[1, H, 1, 1]` (float32; the heads kit's `gridIndices`). */
export function gridIndices(config: ResolvedYolov1Config): { col: tf.Tensor4D; row: tf.Tensor4D } {
  const [W, H] = gridWH(config);
  return gridIndicesOf(H, W);
}
