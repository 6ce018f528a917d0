import * as tf from '@tensorflow/tfjs-core';
import { reduceLossTerms } from '@yolo-loss/backend';
import {
  fusedHeadLoss,
  packGroundTruth,
  packHeadTargets,
  type FusedHeadSpec,
  type HeadShape,
} from '@yolo-loss/geometry';
import type { ResolvedYolov4Config } from './config.js';
import type { Yolov4Targets } from './targets.js';
import type { LossResult } from './types.js';

/**
 * The YOLOv4 loss terms through geometry's fused head kernels: one kernel per head for the
 * forward pass and the gradient, the same values as the composed ops of `loss.ts`.
 */
export function fusedYolov4Terms(
  predictions: readonly tf.Tensor[],
  targets: Yolov4Targets,
  config: ResolvedYolov4Config,
  heads: readonly HeadShape[],
  batchSize: number,
): Omit<LossResult, 'stats'> {
  const gt = packGroundTruth(targets.gtBoxes, targets.gtValid, batchSize, targets.maxBoxes);
  const [inW, inH] = config.inputSize;
  return tf.tidy(() => {
    const perHead = heads.map(({ gridH, gridW, numAnchors }, h) => {
      const t = targets.heads[h]!;
      const spec: FusedHeadSpec = {
        batchSize,
        gridH,
        gridW,
        numAnchors,
        numClasses: config.numClasses,
        box: config.boxLoss,
        whScale: 1,
        ignore: targets.maxBoxes > 0 ? 'prediction' : 'none',
        classGate: config.preset === 'darknet',
        scaleXY: config.scaleXY[h]!,
        anchors: config.masks[h]!.flatMap((i) => [config.anchors[i]![0] / inW, config.anchors[i]![1] / inH]),
        lambdaObj: config.lambdaObj,
        lambdaClass: config.lambdaClass,
        ignoreThreshold: config.ignoreThreshold,
      };
      const rows = batchSize * gridH * gridW * numAnchors;
      const eps = config.labelSmoothing;
      const packed = packHeadTargets(t.entries, rows, config.numClasses, { off: eps / 2, on: 1 - eps / 2 }, t.layers, gt);
      return fusedHeadLoss(predictions[h]!, packed, spec);
    });
    const [box, obj, noobj, cls] = tf.unstack(perHead.length > 1 ? tf.addN(perHead) : perHead[0]!);
    return reduceLossTerms({ box: [box!], obj: [obj!], noobj: [noobj!], cls: [cls!] }, config.reduction, batchSize);
  });
}
