import * as tf from '@tensorflow/tfjs-core';
import { addMany, reduceLossTerms, type LossResult } from '@yolo-loss/backend';
import { fusedAnchorHeadLoss, type FusedHeadSpec } from '@yolo-loss/backend/kernels';
import type { HeadShape } from '../validate/heads.js';
import { packGroundTruth, packHeadTargets } from './pack.js';
import type { AnchorHeadSpec } from './spec.js';
import type { AnchorHeadTargets } from './targets.js';

/**
 * The anchor-head loss terms through the backend's fused kernels: packs each head's slots, runs
 * one `YoloAnchorHead` kernel per head (decode, ignore rule, every term and its gradient in one
 * pass), sums the heads and reduces over the batch. The same values as the composed ops.
 *
 * @param predictions - one `[N, H, W, A·(5+C)]` tensor per head.
 * @param heads - the grids from `checkHeads`.
 * @returns the scalar terms and `total`.
 */
export function fusedAnchorHeadTerms(
  predictions: readonly tf.Tensor[],
  targets: AnchorHeadTargets,
  spec: AnchorHeadSpec,
  heads: readonly HeadShape[],
  batchSize: number,
): Omit<LossResult, 'stats'> {
  const gt = packGroundTruth(targets.gtBoxes, targets.gtValid, batchSize, targets.maxBoxes);
  const [inW, inH] = spec.inputSize;
  const eps = spec.labelSmoothing;
  return tf.tidy(() => {
    const perHead = heads.map(({ gridH, gridW, numAnchors }, h) => {
      const kernelSpec: FusedHeadSpec = {
        box: spec.boxTerm,
        whScale: spec.whScale,
        // without any GT in the batch nothing can be ignored
        ignore: targets.maxBoxes > 0 ? spec.ignoreBasis : 'none',
        classGate: spec.ignoreClassGate,
        scaleXY: spec.scaleXY[h]!,
        gridH,
        gridW,
        numAnchors,
        numClasses: spec.numClasses,
        anchors: spec.masks[h]!.flatMap((i) => [spec.anchors[i]![0] / inW, spec.anchors[i]![1] / inH]),
        lambdaObj: spec.lambdaObj,
        lambdaClass: spec.lambdaClass,
        ignoreThreshold: spec.ignoreThreshold,
      };
      const head = targets.heads[h]!;
      const rows = batchSize * gridH * gridW * numAnchors;
      const classes = { off: eps / 2, on: 1 - eps / 2 };
      const packed = packHeadTargets(head.entries, rows, spec.numClasses, classes, head.layers, gt);
      return fusedAnchorHeadLoss(predictions[h]!, packed, kernelSpec);
    });
    const [box, obj, noobj, cls] = tf.unstack(addMany(perHead));
    return reduceLossTerms({ box: [box!], obj: [obj!], noobj: [noobj!], cls: [cls!] }, spec.reduction, batchSize);
  });
}
