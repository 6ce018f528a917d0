import * as tf from '@tensorflow/tfjs-core';
import { prepareTfjs, reductionDivisor } from '@yolo-loss/backend';
import { normalizeGroundTruth, type GroundTruthInput } from '@yolo-loss/geometry';
import { assignOnDevice, uploadTargets } from './assign-on-device.js';
import { gridWH, resolveYolov2Config, type ResolvedYolov2Config, type Yolov2Options } from './config.js';
import { gridConstants, splitHead } from './head.js';
import { encodeBoxes, type Yolov2Targets } from './targets.js';
import type { LossResult } from './types.js';
import { checkPredictions } from './validate.js';

/**
 * The YOLOv2 training loss (docs/losses/yolov2.md), in grid-cell units:
 * ```
 * box   = λcoord · Σ_resp (2 − ŵ·ĥ) [(x − x̂)² + (y − ŷ)² + (w − ŵ_c)² + (h − ĥ_c)²]
 * obj   = λobj   · Σ_resp (Ĉ − IoU*)²                 (rescore=false: target 1)
 * noobj = λnoobj · Σ_not resp, not ignored Ĉ²
 * cls   = λclass · Σ_resp Σ_c (p̂(c) − onehot(c))²
 * ```
 * with `x = σ(tx) + col`, `w = p_w·e^{tw}`, `Ĉ = σ(to)`, `p̂ = softmax` (the `paper` preset). Keys
 * change each part: `squaredErrorScale` (½ halves the squared errors), `smallBoxWeight` (the
 * `2 − ŵ·ĥ` factor), `sizeLoss: 'log-space'` (`tw, th` against `log(ŵ_c/p_w), log(ĥ_c/p_h)`),
 * `classLoss: 'softmax-ce'` (`−λclass·log p̂(class)`); the `darknet` preset sets all four.
 * Per-image sums; `reduction: 'mean'` divides by the batch size, `'sum'` adds.
 *
 * Responsible anchors (best shape IoU in the GT's cell) are encoded on the CPU; `IoU*` and the
 * ignore mask are computed on the device under stop-gradient. No GPU→CPU read.
 *
 * @param predictions - `[N, H, W, A·(5 + C)]` raw head outputs, float32 (or an array of one).
 * @param groundTruth - one `GtBox` list per image (or the padded forms), or targets from
 *   {@link encodeYolov2Targets} made with the same config.
 * @param options - `{ preset?, ...config keys }`, or a config from `resolveYolov2Config`.
 * @returns scalar tensors `total, box, obj, noobj, cls` (the caller disposes them) and stats.
 * @throws Error on a bad config key, prediction shape/dtype, or ground-truth box (naming
 *   image and box).
 */
export function yolov2Loss(
  predictions: tf.Tensor4D | readonly tf.Tensor4D[],
  groundTruth: GroundTruthInput | Yolov2Targets,
  options?: Yolov2Options | ResolvedYolov2Config,
): LossResult {
  prepareTfjs(tf, '@yolo-loss/yolov2');
  const config = resolveYolov2Config(options);
  const pred = checkPredictions(predictions, config, 'yolov2Loss');
  if (pred.shape[0] === 0) {
    throw new Error(
      `yolov2Loss: predictions have batch size 0 (an empty batch): the loss needs at least one image (skip the step instead)`,
    );
  }
  const targets = toTargets(groundTruth, pred.shape[0], config, 'yolov2Loss');
  const terms = tf.tidy(() => lossTerms(pred, targets, config));
  return { ...terms, stats: { ...targets.stats } };
}

/** Targets from either raw ground truth or pre-encoded targets (checked against the config). */
export function toTargets(
  groundTruth: GroundTruthInput | Yolov2Targets,
  batchSize: number,
  config: ResolvedYolov2Config,
  where: string,
): Yolov2Targets {
  if (isTargets(groundTruth)) {
    const [W, H] = gridWH(config);
    const t = groundTruth;
    const sameAnchors = JSON.stringify(t.anchors) === JSON.stringify(config.anchors);
    if (t.batchSize !== batchSize || t.gridW !== W || t.gridH !== H || t.numClasses !== config.numClasses || !sameAnchors || t.slotConflict !== config.slotConflict) {
      throw new Error(
        `${where}: the encoded targets (batch ${t.batchSize}, grid ${t.gridW}×${t.gridH}, ${t.numClasses} classes, ` +
          `${t.anchors.length} anchors, slotConflict ${t.slotConflict}) do not match the predictions and config ` +
          `(batch ${batchSize}, grid ${W}×${H}, ${config.numClasses} classes, ${config.anchors.length} anchors, slotConflict ${config.slotConflict})`,
      );
    }
    return t;
  }
  return encodeBoxes(normalizeGroundTruth(groundTruth, { batchSize, numClasses: config.numClasses }), config);
}

function isTargets(v: unknown): v is Yolov2Targets {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'yolov2-targets';
}

function lossTerms(
  pred: tf.Tensor4D,
  targets: Yolov2Targets,
  config: ResolvedYolov2Config,
): { total: tf.Scalar; box: tf.Scalar; obj: tf.Scalar; noobj: tf.Scalar; cls: tf.Scalar } {
  const [N, H, W] = pred.shape;
  const A = config.anchors.length;
  const t = uploadTargets(targets);
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
    const [W, H] = gridWH(config);
    const w = tf.mul(pw, expLinearAbove(tf.mul(raw.tw, resp), config.anchors.map((a) => Math.log((MAX_BOX_SIZE * W) / a[0]))));
    const h = tf.mul(ph, expLinearAbove(tf.mul(raw.th, resp), config.anchors.map((a) => Math.log((MAX_BOX_SIZE * H) / a[1]))));
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
 * `e^x` for `x <= bound[a]`, continued linearly above it (`e^b·(1 + x − b)`: the same value and
 * slope at `b`), per anchor `a` on the last axis. The loss's value and gradient stay finite for
 * `x` up to ~1e12.
 */
function expLinearAbove(x: tf.Tensor, bound: readonly number[]): tf.Tensor {
  const b = tf.tensor4d([...bound], [1, 1, 1, bound.length]);
  return tf.mul(tf.exp(tf.minimum(x, b)), tf.add(1, tf.relu(tf.sub(x, b))));
}
