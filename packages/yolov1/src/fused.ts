import type * as tf from '@tensorflow/tfjs-core';
import { reductionDivisor, type LossResult } from '@yolo-loss/backend';
import {
  fusedYolov1Loss,
  YOLOV1_ENTRY_FIELDS,
  YOLOV1_HEAD_KERNEL,
  type FusedYolov1Targets,
} from '@yolo-loss/backend/kernels';
import { packEntryTable, weightedTerms, type GridHeadFusedPart } from '@yolo-loss/heads';
import { gridWH, type ResolvedYolov1Config } from './config.js';
import type { Yolov1Targets } from './targets.js';

/**
 * Packs encoded YOLOv1 targets into the fused kernel's layout: a cell → entry index and one
 * table entry per GT cell (the owning GT's box, its offsets and class targets). No dense
 * per-cell tensors are uploaded.
 */
export function packYolov1Targets(t: Yolov1Targets): FusedYolov1Targets {
  const C = t.numClasses;
  const { index: cellIndex, table } = packEntryTable(t.objCell, YOLOV1_ENTRY_FIELDS + C, (out, at, cell) => {
    out.set(t.gtBox.subarray(cell * 4, cell * 4 + 4), at);
    out.set(t.offsets.subarray(cell * 4, cell * 4 + 4), at + 4);
    out.set(t.classes.subarray(cell * C, cell * C + C), at + YOLOV1_ENTRY_FIELDS);
  });
  return { cellIndex, table };
}

/**
 * The YOLOv1 terms through the fused `YoloV1Head` kernel (the same values as `yolov1Terms` in
 * `loss.ts`, the composed reference): the kernel's unweighted sums times `½·λ / N`-style
 * weights. Runs inside the caller's `tf.tidy`; no GPU→CPU read.
 *
 * @param pred - `[N, H, W, B·5 + C]`, validated.
 */
export function yolov1FusedTerms(
  pred: tf.Tensor4D,
  targets: Yolov1Targets,
  config: ResolvedYolov1Config,
): Omit<LossResult, 'stats'> {
  const [W, H] = gridWH(config);
  const sums = fusedYolov1Loss(pred, packYolov1Targets(targets), {
    gridH: H,
    gridW: W,
    boxesPerCell: config.boxesPerCell,
    numClasses: config.numClasses,
    activation: config.activation,
    fallbackDistance: config.fallbackDistance,
    rescore: config.rescore,
  });
  // as the composed terms: (squaredErrorScale · λ) / batch divisor
  const half = config.squaredErrorScale;
  const perBatch = reductionDivisor(config.reduction, pred.shape[0]);
  return weightedTerms(sums, {
    box: (half * config.lambdaCoord) / perBatch,
    obj: (half * config.lambdaObj) / perBatch,
    noobj: (half * config.lambdaNoobj) / perBatch,
    cls: (half * config.lambdaClass) / perBatch,
  });
}

/** YOLOv1's fused part of the one-head flow. */
export const yolov1Fused: GridHeadFusedPart<ResolvedYolov1Config, Yolov1Targets> = {
  kernel: YOLOV1_HEAD_KERNEL,
  terms: yolov1FusedTerms,
};
