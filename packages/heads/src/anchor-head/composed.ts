import * as tf from '@tensorflow/tfjs-core';
import { addMany, bceWithLogits, reduceLossTerms, type LossResult } from '@yolo-loss/backend';
import { ciou, diou, giou, iou } from '@yolo-loss/geometry';
import { gatherRows } from '../gather-rows.js';
import type { HeadShape } from '../validate/heads.js';
import { decodeRows, type HeadGeometry } from './boxes.js';
import { headIgnoreMask } from './ignore.js';
import { isIouBoxTerm, type AnchorHeadSpec } from './spec.js';

const iouFamily = { ciou, diou, giou, iou } as const;

/**
 * One head's targets as tensors — what the composed terms read, whether they were uploaded from
 * the CPU targets or unpacked on the device from tfjs-layers `yTrue`. `rows = N·H·W·A`.
 */
export interface HeadTargetTensors {
  /** `[rows, 1]`: 1 at responsible slots. */
  objMask: tf.Tensor;
  /** `[rows, C]`: class targets (read on responsible rows only). */
  classTarget: tf.Tensor;
  /** `[K]` int32: the row of each box claim (a slot shared by `k` GTs has `k` claims). */
  claimRows: tf.Tensor;
  /** `[K, 4]`: each claim's box target (t-space, or the GT's image-normalised `xywh`). */
  claimTarget: tf.Tensor;
  /** `[K]`: each claim's weight (0 for padding). */
  claimWeight: tf.Tensor;
}

/** The batch's ground truth for the ignore rule: `[N, G, 4]` `xyxy` and `[N, G]` validity, or none. */
export interface GroundTruthTensors {
  boxes: tf.Tensor;
  valid: tf.Tensor;
}

/**
 * One head's loss terms with composed tfjs ops (any backend; the reference for the fused kernels):
 * the box term over the claims, objectness with the ignore rule, and the class BCE of responsible
 * rows, each summed over the batch (not yet reduced). Call inside a `tf.tidy`.
 *
 * @param pred - `[N, H, W, A·(5+C)]` raw outputs of head `head`.
 * @param gt - the batch's ground truth, or undefined when it has none (nothing is ignored).
 * @returns scalar sums `box, obj, noobj, cls`.
 */
export function composedHeadTerms(
  spec: AnchorHeadSpec,
  head: number,
  pred: tf.Tensor,
  geometry: HeadGeometry,
  targets: HeadTargetTensors,
  gt: GroundTruthTensors | undefined,
): Record<'box' | 'obj' | 'noobj' | 'cls', tf.Tensor> {
  // Rows r = ((n·H + row)·W + col)·A + anchor; no broadcasting on big tensors, rank ≤ 4
  // (WebGPU runs some rank-5 kernels on the CPU).
  const c = spec.numClasses;
  const rows = geometry.batchSize * geometry.gridH * geometry.gridW * geometry.numAnchors;
  const p = tf.reshape(pred, [rows, 5 + c]);
  const tbox = tf.slice(p, [0, 0], [rows, 4]);
  const conf = tf.slice(p, [0, 4], [rows, 1]);

  const box = boxTerm(spec, head, tbox, geometry, targets);

  // objectness: responsible → obj; the others unless ignored → noobj (both λobj)
  const confBce = bceWithLogits(conf, targets.objMask);
  let noobjMask = tf.sub(1, targets.objMask);
  if (gt !== undefined) {
    noobjMask = tf.mul(noobjMask, tf.sub(1, headIgnoreMask(spec, head, p, geometry, gt.boxes, gt.valid)));
  }
  const obj = tf.mul(tf.sum(tf.mul(confBce, targets.objMask)), spec.lambdaObj);
  const noobj = tf.mul(tf.sum(tf.mul(confBce, noobjMask)), spec.lambdaObj);

  // classes: BCE of the class logits of responsible rows, λclass
  const clsBce = bceWithLogits(tf.slice(p, [0, 5], [rows, c]), targets.classTarget);
  const cls = tf.mul(tf.sum(tf.mul(clsBce, targets.objMask)), spec.lambdaClass);
  return { box, obj, noobj, cls };
}

/**
 * The box term over the claims: `Σ weight · (1 − IoUkind(decoded, GT))` for the IoU family; for
 * t-space terms the squared errors (x, y for `'sse-logit'`; `tw`, `th` always, times `whScale`),
 * plus `(σ(t) − t̂)²` (`'sse-sigmoid'`) or `BCE(t̂, σ(t))` (`'bce'`) on x, y.
 */
function boxTerm(
  spec: AnchorHeadSpec,
  head: number,
  tbox: tf.Tensor,
  geometry: HeadGeometry,
  t: HeadTargetTensors,
): tf.Tensor {
  const weight = tf.reshape(t.claimWeight, [-1, 1]);
  if (isIouBoxTerm(spec.boxTerm)) {
    const decoded = gatherRows(decodeRows(spec, head, tbox, geometry) as tf.Tensor2D, t.claimRows as tf.Tensor1D);
    const value = iouFamily[spec.boxTerm](decoded, t.claimTarget, { format: 'xywh', eps: 0 });
    return tf.sum(tf.mul(tf.sub(1, tf.reshape(value, [-1, 1])), weight));
  }
  const claimed = gatherRows(tbox as tf.Tensor2D, t.claimRows as tf.Tensor1D);
  const [xy, wh] = tf.split(claimed, 2, 1) as [tf.Tensor, tf.Tensor];
  const [xyTarget, whTarget] = tf.split(t.claimTarget, 2, 1) as [tf.Tensor, tf.Tensor];
  const parts = [tf.sum(tf.mul(tf.squaredDifference(wh, whTarget), tf.mul(weight, spec.whScale)))];
  if (spec.boxTerm === 'sse-logit') parts.push(tf.sum(tf.mul(tf.squaredDifference(xy, xyTarget), weight)));
  else if (spec.boxTerm === 'sse-sigmoid') parts.push(tf.sum(tf.mul(tf.squaredDifference(tf.sigmoid(xy), xyTarget), weight)));
  else parts.push(tf.sum(tf.mul(bceWithLogits(xy, xyTarget), weight)));
  return addMany(parts);
}

/**
 * The anchor-head loss over every head: {@link composedHeadTerms} per head, summed and reduced
 * over the batch (`spec.reduction`). Tidies itself.
 *
 * @param predictions - one `[N, H, W, A·(5+C)]` tensor per head.
 * @param targets - builds each head's target tensors (called inside the tidy).
 * @param gt - builds the batch's ground truth tensors (called inside the tidy), or undefined.
 */
export function composedAnchorHeadTerms(
  predictions: readonly tf.Tensor[],
  spec: AnchorHeadSpec,
  heads: readonly HeadShape[],
  batchSize: number,
  targets: (head: number) => HeadTargetTensors,
  gt: (() => GroundTruthTensors) | undefined,
): Omit<LossResult, 'stats'> {
  return tf.tidy(() => {
    const parts = { box: [] as tf.Tensor[], obj: [] as tf.Tensor[], noobj: [] as tf.Tensor[], cls: [] as tf.Tensor[] };
    const truth = gt?.();
    heads.forEach(({ gridH, gridW, numAnchors }, h) => {
      const geometry = { batchSize, gridH, gridW, numAnchors };
      const terms = composedHeadTerms(spec, h, predictions[h]!, geometry, targets(h), truth);
      for (const key of ['box', 'obj', 'noobj', 'cls'] as const) parts[key].push(terms[key]);
    });
    return reduceLossTerms(parts, spec.reduction, batchSize);
  });
}
