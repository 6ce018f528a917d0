import type * as tf from '@tensorflow/tfjs-core';
import { reductionDivisor, type LossResult } from '@yolo-loss/backend';
import {
  fusedYolov2Loss,
  YOLOV2_ENTRY_FIELDS,
  YOLOV2_HEAD_KERNEL,
  type FusedYolov2Targets,
} from '@yolo-loss/backend/kernels';
import { packEntryTable, weightedTerms, type GridHeadFusedPart } from '@yolo-loss/heads';
import { anchorsInCells, gridWH, type ResolvedYolov2Config } from './config.js';
import { linearSizeBounds } from './loss.js';
import { SLOT_FIELDS } from './target-tensors.js';
import type { Yolov2Targets } from './targets.js';

/**
 * Packs encoded YOLOv2 targets into the fused kernel's layout: a slot → entry index, one table
 * entry per responsible slot ({@link SLOT_FIELDS} in order, then the class targets) and every GT
 * of each image for the ignore rule. No dense per-slot tensors are uploaded.
 */
export function packYolov2Targets(t: Yolov2Targets): FusedYolov2Targets {
  const C = t.numClasses;
  const { index: slotIndex, table } = packEntryTable(t.responsible, YOLOV2_ENTRY_FIELDS + C, (out, at, slot) => {
    SLOT_FIELDS.forEach((name, f) => (out[at + f] = t[name][slot]!));
    out.set(t.classes.subarray(slot * C, slot * C + C), at + YOLOV2_ENTRY_FIELDS);
  });
  return { slotIndex, table, gt: t.allGt, maxBoxes: t.maxGt };
}

/**
 * The YOLOv2 terms through the fused `YoloV2Head` kernel (the same values as `yolov2Terms` in
 * `loss.ts`, the composed reference): the kernel's unweighted sums times each term's
 * `½·λ / N`-style weight. Runs inside the caller's `tf.tidy`; no GPU→CPU read.
 *
 * @param pred - `[N, H, W, A·(5 + C)]`, validated.
 */
export function yolov2FusedTerms(
  pred: tf.Tensor4D,
  targets: Yolov2Targets,
  config: ResolvedYolov2Config,
): Omit<LossResult, 'stats'> {
  const [W, H] = gridWH(config);
  const sums = fusedYolov2Loss(pred, packYolov2Targets(targets), {
    gridH: H,
    gridW: W,
    numClasses: config.numClasses,
    anchors: anchorsInCells(config).flat(),
    sizeBounds: linearSizeBounds(config).flat(),
    sizeLoss: config.sizeLoss,
    smallBoxWeight: config.smallBoxWeight,
    classLoss: config.classLoss,
    rescore: config.rescore,
    ignoreThreshold: config.ignoreThreshold,
  });
  // as the composed terms: (squaredErrorScale · λ) / batch divisor; the cross-entropy is not a squared error
  const half = config.squaredErrorScale;
  const perBatch = reductionDivisor(config.reduction, pred.shape[0]);
  return weightedTerms(sums, {
    box: (half * config.lambdaCoord) / perBatch,
    obj: (half * config.lambdaObj) / perBatch,
    noobj: (half * config.lambdaNoobj) / perBatch,
    cls: (config.classLoss === 'softmax-ce' ? config.lambdaClass : half * config.lambdaClass) / perBatch,
  });
}

/** YOLOv2's fused part of the one-head flow. */
export const yolov2Fused: GridHeadFusedPart<ResolvedYolov2Config, Yolov2Targets> = {
  kernel: YOLOV2_HEAD_KERNEL,
  terms: yolov2FusedTerms,
};
