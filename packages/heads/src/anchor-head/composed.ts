import * as tf from '@tensorflow/tfjs-core';
import { addMany, bceWithLogits, reduceLossTerms, type LossResult } from '@yolo-loss/backend';
import { ciou, diou, giou, iou } from '@yolo-loss/geometry';
import type { HeadShape } from '../validate/heads.js';
import { decodeRows } from './boxes.js';
import { headIgnoreMask } from './ignore.js';
import { isIouBoxTerm, type AnchorHeadSpec } from './spec.js';
import type { AnchorHeadTargets, AnchorHeadTargetsOfHead } from './targets.js';

const iouFamily = { ciou, diou, giou, iou } as const;

/**
 * The anchor-head loss terms with composed tfjs ops (any backend; the reference for the fused
 * kernels): per head the box term, objectness with the ignore rule, and the class BCE, summed per
 * image and reduced over the batch. Call inside a `tf.tidy`-free context: it tidies itself.
 *
 * @param predictions - one `[N, H, W, A·(5+C)]` tensor per head.
 * @param heads - the grids from `checkHeads`.
 * @returns scalar `total, box, obj, noobj, cls`.
 */
export function composedAnchorHeadTerms(
  predictions: readonly tf.Tensor[],
  targets: AnchorHeadTargets,
  spec: AnchorHeadSpec,
  heads: readonly HeadShape[],
  batchSize: number,
): Omit<LossResult, 'stats'> {
  return tf.tidy(() => {
    const box: tf.Tensor[] = [];
    const obj: tf.Tensor[] = [];
    const noobj: tf.Tensor[] = [];
    const cls: tf.Tensor[] = [];
    const g = targets.maxBoxes;
    const gtBoxes = g > 0 ? tf.tensor(targets.gtBoxes, [batchSize, g, 4]) : undefined;
    const gtValid = g > 0 ? tf.tensor(targets.gtValid, [batchSize, g]) : undefined;
    heads.forEach(({ gridH, gridW, numAnchors: a }, h) => {
      // Rows r = ((n·H + row)·W + col)·A + anchor; every op below is same-shape (no broadcasting
      // on big tensors) and no tensor exceeds rank 4 (WebGPU runs some rank-5 kernels on the CPU).
      const c = spec.numClasses;
      const t = targets.heads[h]!;
      const rows = batchSize * gridH * gridW * a;
      const geometry = { batchSize, gridH, gridW, numAnchors: a };
      const pred = tf.reshape(predictions[h]!, [rows, 5 + c]);
      const tbox = tf.slice(pred, [0, 0], [rows, 4]);
      const conf = tf.slice(pred, [0, 4], [rows, 1]);

      box.push(...boxTerms(spec, h, t, tbox, geometry));

      // objectness: responsible → obj; the others unless ignored → noobj (both λobj)
      const objMask = tf.tensor(t.objMask, [rows, 1]);
      const confBce = bceWithLogits(conf, objMask);
      let noobjMask = tf.sub(1, objMask);
      if (gtBoxes !== undefined && gtValid !== undefined) {
        noobjMask = tf.mul(noobjMask, tf.sub(1, headIgnoreMask(spec, h, pred, geometry, gtBoxes, gtValid)));
      }
      obj.push(tf.mul(tf.sum(tf.mul(confBce, objMask)), spec.lambdaObj));
      noobj.push(tf.mul(tf.sum(tf.mul(confBce, noobjMask)), spec.lambdaObj));

      // classes: BCE over the row block, weighted λclass on the class channels of responsible rows
      const { target, weight } = classArrays(t, spec);
      const clsBce = bceWithLogits(pred, tf.tensor(target, [rows, 5 + c]));
      cls.push(tf.sum(tf.mul(clsBce, tf.tensor(weight, [rows, 5 + c]))));
    });
    return reduceLossTerms({ box, obj, noobj, cls }, spec.reduction, batchSize);
  });
}

/**
 * One head's box term parts (one per box layer): `Σ weight · (1 − IoUkind(decoded, GT))` for the
 * IoU family; for t-space terms the squared errors (x, y for `'sse-logit'`; `tw`, `th` always,
 * scaled by `whScale`), plus `(σ(t) − t̂)²` (`'sse-sigmoid'`) or `BCE(t̂, σ(t))` (`'bce'`) on x, y.
 */
function boxTerms(
  spec: AnchorHeadSpec,
  head: number,
  t: AnchorHeadTargetsOfHead,
  tbox: tf.Tensor,
  geometry: { batchSize: number; gridH: number; gridW: number; numAnchors: number },
): tf.Tensor[] {
  const rows = tbox.shape[0];
  if (isIouBoxTerm(spec.boxTerm)) {
    const fn = iouFamily[spec.boxTerm];
    const decoded = decodeRows(spec, head, tbox, geometry);
    return t.boxTarget.map((layer, k) => {
      const value = fn(decoded, tf.tensor(layer, [rows, 4]), { format: 'xywh', eps: 0 });
      return tf.sum(tf.mul(tf.sub(1, value), tf.tensor(t.boxWeight[k]!, [rows])));
    });
  }
  return t.boxTarget.map((layer, k) => {
    const { sse, onXy } = tspaceWeights(t.boxWeight[k]!, spec);
    const target = tf.tensor(layer, [rows, 4]);
    const parts = [tf.sum(tf.mul(tf.squaredDifference(tbox, target), tf.tensor(sse, [rows, 4])))];
    if (onXy !== undefined && spec.boxTerm === 'sse-sigmoid') {
      parts.push(tf.sum(tf.mul(tf.squaredDifference(tf.sigmoid(tbox), target), tf.tensor(onXy, [rows, 4]))));
    } else if (onXy !== undefined) {
      parts.push(tf.sum(tf.mul(bceWithLogits(tbox, target), tf.tensor(onXy, [rows, 4]))));
    }
    return addMany(parts);
  });
}

/**
 * The `[rows, 4]` weights of the t-space terms from the per-row box weights: `sse` weighs
 * `(t − t̂)²` (x, y only for `'sse-logit'`; w, h always, times `whScale`), `onXy` weighs the
 * sigmoid-SSE or BCE term on x, y (absent for `'sse-logit'`).
 */
function tspaceWeights(weight: Float32Array, spec: AnchorHeadSpec): { sse: Float32Array; onXy: Float32Array | undefined } {
  const rows = weight.length;
  const sse = new Float32Array(rows * 4);
  const onXy = spec.boxTerm === 'sse-logit' ? undefined : new Float32Array(rows * 4);
  for (let r = 0; r < rows; r++) {
    const w = weight[r]!;
    if (w === 0) continue;
    (onXy ?? sse).set([w, w], r * 4);
    sse.set([w * spec.whScale, w * spec.whScale], r * 4 + 2);
  }
  return { sse, onXy };
}

/** Expands a head's `[rows, C]` class targets into the `[rows, 5+C]` target and weight the loss multiplies with. */
function classArrays(t: AnchorHeadTargetsOfHead, spec: AnchorHeadSpec): { target: Float32Array; weight: Float32Array } {
  const rows = t.objMask.length;
  const c = spec.numClasses;
  const target = new Float32Array(rows * (5 + c));
  const weight = new Float32Array(rows * (5 + c));
  const classTarget = t.classTarget;
  for (const { row } of t.entries) {
    target.set(classTarget.subarray(row * c, (row + 1) * c), row * (5 + c) + 5);
    weight.fill(spec.lambdaClass, row * (5 + c) + 5, (row + 1) * (5 + c));
  }
  return { target, weight };
}
