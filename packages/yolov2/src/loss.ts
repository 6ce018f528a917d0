import * as tf from '@tensorflow/tfjs-core';
import { reductionDivisor, type LossResult } from '@yolo-loss/backend';
import { assignOnDevice } from './assign-on-device.js';
import { anchorsInCells, gridWH, type ResolvedYolov2Config } from './config.js';
import { gridConstants, splitHead } from './head.js';
import type { TargetTensors } from './target-tensors.js';

/**
 * The YOLOv2 loss terms of a validated prediction and its targets (docs/losses/yolov2.md), reduced
 * over the batch; runs inside the caller's `tf.tidy`. `IoU*` and the ignore mask are computed on
 * the device under stop-gradient; no GPU→CPU read.
 *
 * @param pred - `[N, H, W, A·(5 + C)]`.
 */
export function yolov2Terms(
  pred: tf.Tensor4D,
  t: TargetTensors,
  config: ResolvedYolov2Config,
): Omit<LossResult, 'stats'> {
  const [N, H, W] = pred.shape;
  const A = config.anchors.length;
  const assigned = assignOnDevice(pred, t, config);
  const noobjMask = tf.slice(assigned, [0, 0, 0, 0], [N, H, W, A]);
  const iou = tf.slice(assigned, [0, 0, 0, A], [N, H, W, A]);
  const raw = splitHead(pred, config);
  const resp = t.responsible;
  const sq = (a: tf.Tensor, b: tf.Tensor | number): tf.Tensor => tf.square(tf.sub(a, b));

  const xy = tf.add(sq(tf.sigmoid(raw.tx), t.offsetX), sq(tf.sigmoid(raw.ty), t.offsetY));
  let coord: tf.Tensor;
  if (config.sizeLoss === 'log-space') {
    coord = tf.addN([xy, sq(raw.tw, t.logW), sq(raw.th, t.logH)]);
  } else {
    // Only responsible slots enter e^{tw}: elsewhere the exponent is 0, so a huge tw of an
    // unused slot can never make an infinite value (and a 0·∞ NaN gradient). Beyond a width
    // of MAX_BOX_SIZE image widths (no real box) e^{tw} continues linearly: the exact
    // (p_w·e^{tw} − ŵ)² exceeds float32 from tw ≈ 43, the continued one stays finite and
    // still pulls tw back.
    const { pw, ph } = gridConstants(config);
    const bounds = linearSizeBounds(config);
    const w = tf.mul(pw, expLinearAbove(tf.mul(raw.tw, resp), bounds.map((b) => b[0])));
    const h = tf.mul(ph, expLinearAbove(tf.mul(raw.th, resp), bounds.map((b) => b[1])));
    coord = tf.addN([xy, sq(w, t.sizeW), sq(h, t.sizeH)]);
  }
  if (config.smallBoxWeight) coord = tf.mul(t.scale, coord);
  const conf = tf.sigmoid(raw.to);
  const objTarget = config.rescore ? iou : 1;
  const respC = tf.reshape(resp, [N * H * W, A, 1]);
  const crossEntropy = config.classLoss === 'softmax-ce';
  const cls = crossEntropy
    ? tf.neg(tf.mul(respC, tf.mul(t.classes, tf.logSoftmax(raw.logits))))
    : tf.mul(respC, sq(tf.softmax(raw.logits), t.classes));

  // squaredErrorScale ½: Darknet's delta λ(t − x) is the gradient of ½·λ·(t − x)² (its class
  // delta is the cross-entropy's gradient, so the scale applies to squared-error classes only).
  const half = config.squaredErrorScale;
  const perBatch = reductionDivisor(config.reduction, N);
  const term = (weighted: tf.Tensor, scale: number): tf.Scalar => tf.mul<tf.Scalar>(tf.sum(weighted), scale / perBatch);

  const box = term(tf.mul(resp, coord), half * config.lambdaCoord);
  const obj = term(tf.mul(resp, sq(conf, objTarget)), half * config.lambdaObj);
  const noobj = term(tf.mul(noobjMask, tf.square(conf)), half * config.lambdaNoobj);
  const clsTerm = term(cls, crossEntropy ? config.lambdaClass : half * config.lambdaClass);
  return { total: tf.addN([box, obj, noobj, clsTerm]), box, obj, noobj, cls: clsTerm };
}

/** Predicted sizes above this many image widths (heights) are continued linearly in the loss. */
const MAX_BOX_SIZE = 1e4;

/**
 * Per anchor, the exponents `[b_w, b_h]` above which `e^{tw}`, `e^{th}` continue linearly in the
 * `'grid-cells'` size term: where `p·e^t` reaches {@link MAX_BOX_SIZE} image widths (heights).
 */
export function linearSizeBounds(config: ResolvedYolov2Config): [number, number][] {
  const [W, H] = gridWH(config);
  return anchorsInCells(config).map((a) => [Math.log((MAX_BOX_SIZE * W) / a[0]), Math.log((MAX_BOX_SIZE * H) / a[1])]);
}

/**
 * `e^x` for `x <= bound[a]`, continued linearly above it (`e^b·(1 + x − b)`: the same value and
 * slope at `b`), per anchor `a` on the last axis. The loss's value and gradient stay finite for
 * `x` up to ~1e12.
 */
function expLinearAbove(x: tf.Tensor, bound: readonly number[]): tf.Tensor {
  const b = tf.tensor4d([...bound], [1, 1, 1, bound.length]);
  return tf.mul(tf.exp(tf.minimum(x, b)), tf.add(1, tf.relu(tf.sub(x, b))));
}
