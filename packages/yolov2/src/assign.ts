import * as tf from '@tensorflow/tfjs-core';
import type { ResolvedYolov2Config } from './config.js';
import { decodeBoxes, splitHead } from './head.js';
import { iouParts } from './iou.js';
import type { Yolov2Targets } from './targets.js';

/** The slot targets of {@link Yolov2Targets} as tensors (`[N, H, W, A]` unless stated). */
export interface TargetTensors {
  responsible: tf.Tensor4D;
  offsetX: tf.Tensor4D;
  offsetY: tf.Tensor4D;
  sizeW: tf.Tensor4D;
  sizeH: tf.Tensor4D;
  logW: tf.Tensor4D;
  logH: tf.Tensor4D;
  /** The owning GT in image units. */
  gt: { x: tf.Tensor4D; y: tf.Tensor4D; w: tf.Tensor4D; h: tf.Tensor4D };
  scale: tf.Tensor4D;
  /** `[N·H·W, A, C]`. */
  classes: tf.Tensor3D;
  /** Every GT of the image in image units, each `[N, 1, M]`. */
  all: { x: tf.Tensor3D; y: tf.Tensor3D; w: tf.Tensor3D; h: tf.Tensor3D };
}

/** Uploads encoded targets (small dense tensors; call inside a `tf.tidy`). */
export function uploadTargets(t: Yolov2Targets): TargetTensors {
  const { batchSize: N, gridH: H, gridW: W, numClasses: C, maxGt: M } = t;
  const A = t.anchors.length;
  const slot = (data: Float32Array): tf.Tensor4D => tf.tensor4d(data, [N, H, W, A]);
  const [x, y, w, h] = tf.split<tf.Tensor3D>(tf.tensor3d(t.allGt, [N, M, 4]), 4, 2).map((p) => tf.reshape<tf.Rank.R3>(p, [N, 1, M]));
  return {
    responsible: slot(t.responsible),
    offsetX: slot(t.offsetX),
    offsetY: slot(t.offsetY),
    sizeW: slot(t.sizeW),
    sizeH: slot(t.sizeH),
    logW: slot(t.logW),
    logH: slot(t.logH),
    gt: { x: slot(t.gtX), y: slot(t.gtY), w: slot(t.gtW), h: slot(t.gtH) },
    scale: slot(t.scale),
    classes: tf.tensor3d(t.classes, [N * H * W, A, C]),
    all: { x: x!, y: y!, w: w!, h: h! },
  };
}

/**
 * Device-side, prediction-dependent part of the assignment (LOSSES.md §2), with no gradient:
 * the IoU of each responsible slot's decoded box with its GT (the rescore target) and the
 * noobj mask (not responsible, and IoU with every GT of the image <= `ignoreThreshold`).
 * No GPU→CPU read.
 *
 * @param pred - `[N, H, W, A·(5 + C)]`, validated.
 * @returns `[N, H, W, 2A]`: channels `0..A−1` the noobj mask, `A..2A−1` the IoU targets
 *   (0 outside responsible slots). Its gradient with respect to `pred` is 0.
 */
export function assignOnDevice(pred: tf.Tensor4D, targets: TargetTensors, config: ResolvedYolov2Config): tf.Tensor4D {
  const op = tf.customGrad((p) => ({
    value: tf.tidy(() => computeAssignment(p as tf.Tensor4D, targets, config)),
    gradFunc: (_dy: tf.Tensor) => tf.zeros((p as tf.Tensor).shape),
  }));
  return op(pred) as tf.Tensor4D;
}

function computeAssignment(pred: tf.Tensor4D, t: TargetTensors, config: ResolvedYolov2Config): tf.Tensor4D {
  const [N, H, W] = pred.shape;
  const A = config.anchors.length;
  // Image units, as Darknet's get_region_box: x = (col + σ(tx))/W, w = p_w·e^{tw}/W.
  const cells = decodeBoxes(splitHead(pred, config), config);
  const box = { x: tf.div(cells.x, W), y: tf.div(cells.y, H), w: tf.div(cells.w, W), h: tf.div(cells.h, H) };
  const iouStar = tf.mul(iouParts(box, t.gt), t.responsible);
  // Best IoU with any GT of the image: [N, H·W·A, 1] against [N, 1, M].
  const flat = (v: tf.Tensor): tf.Tensor => tf.reshape(v, [N, H * W * A, 1]);
  const pairwise = iouParts({ x: flat(box.x), y: flat(box.y), w: flat(box.w), h: flat(box.h) }, t.all);
  const best = tf.reshape(tf.max(pairwise, -1), [N, H, W, A]);
  const keep = tf.cast(tf.lessEqual(best, config.ignoreThreshold), 'float32');
  const noobj = tf.mul(tf.sub(1, t.responsible), keep);
  return tf.concat([noobj, iouStar], -1) as tf.Tensor4D;
}
