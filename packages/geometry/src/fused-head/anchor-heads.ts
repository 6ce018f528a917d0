import * as tf from '@tensorflow/tfjs-core';
import { addMany, reduceLossTerms, type LossReduction, type LossResult } from '@yolo-loss/backend';
import type { HeadShape } from '../heads.js';
import { fusedHeadLoss } from './fused-head-loss.js';
import { packGroundTruth, packHeadTargets, type ClassValues, type SlotEntry } from './pack.js';
import type { FusedHeadSpec } from './spec.js';

/** The config keys of a YOLOv3/v4-style loss the fused heads read (a resolved config fits). */
export interface AnchorLossConfig {
  anchors: readonly (readonly [number, number])[];
  masks: readonly (readonly number[])[];
  inputSize: readonly [number, number];
  numClasses: number;
  lambdaObj: number;
  lambdaClass: number;
  ignoreThreshold: number;
  reduction: LossReduction;
}

/** Encoded multi-head targets as the v3/v4 encoders build them. */
export interface AnchorLossTargets {
  maxBoxes: number;
  gtBoxes: Float32Array;
  gtValid: Float32Array;
  heads: readonly { entries: readonly SlotEntry[] }[];
}

/** What differs between the versions, per head: the box term and ignore rule, class values, box layers. */
export type HeadVariant = Pick<FusedHeadSpec, 'box' | 'whScale' | 'ignore' | 'classGate' | 'scaleXY'> & {
  classes: ClassValues;
  layers: number;
};

/**
 * A YOLOv3/v4-style loss through the fused head kernels: packs each head's slots, runs
 * {@link fusedHeadLoss} per head, sums the heads and reduces over the batch.
 *
 * @param predictions - one `[N, H, W, A·(5+C)]` tensor per head.
 * @param heads - the grids from `checkHeads`.
 * @param variant - the version's choices for head `h` (`ignore` is replaced by `'none'` when the batch has no ground truth).
 * @returns the scalar terms and `total`.
 */
export function fusedAnchorHeadTerms(
  predictions: readonly tf.Tensor[],
  targets: AnchorLossTargets,
  config: AnchorLossConfig,
  heads: readonly HeadShape[],
  batchSize: number,
  variant: (head: number) => HeadVariant,
): Omit<LossResult, 'stats'> {
  const gt = packGroundTruth(targets.gtBoxes, targets.gtValid, batchSize, targets.maxBoxes);
  const [inW, inH] = config.inputSize;
  return tf.tidy(() => {
    const perHead = heads.map(({ gridH, gridW, numAnchors }, h) => {
      const { classes, layers, ...choices } = variant(h);
      const spec: FusedHeadSpec = {
        ...choices,
        ignore: targets.maxBoxes > 0 ? choices.ignore : 'none',
        gridH,
        gridW,
        numAnchors,
        numClasses: config.numClasses,
        anchors: config.masks[h]!.flatMap((i) => [config.anchors[i]![0] / inW, config.anchors[i]![1] / inH]),
        lambdaObj: config.lambdaObj,
        lambdaClass: config.lambdaClass,
        ignoreThreshold: config.ignoreThreshold,
      };
      const rows = batchSize * gridH * gridW * numAnchors;
      const packed = packHeadTargets(targets.heads[h]!.entries, rows, config.numClasses, classes, layers, gt);
      return fusedHeadLoss(predictions[h]!, packed, spec);
    });
    const [box, obj, noobj, cls] = tf.unstack(addMany(perHead));
    return reduceLossTerms({ box: [box!], obj: [obj!], noobj: [noobj!], cls: [cls!] }, config.reduction, batchSize);
  });
}
