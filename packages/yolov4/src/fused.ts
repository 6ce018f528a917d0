import type * as tf from '@tensorflow/tfjs-core';
import { fusedAnchorHeadTerms, type HeadShape } from '@yolo-loss/geometry';
import type { ResolvedYolov4Config } from './config.js';
import type { Yolov4Targets } from './targets.js';
import type { LossResult } from './types.js';

/**
 * The YOLOv4 loss terms through geometry's fused head kernels (one kernel per head for the
 * forward pass and the gradient), the same values as the composed ops of `loss.ts`.
 */
export function fusedYolov4Terms(
  predictions: readonly tf.Tensor[],
  targets: Yolov4Targets,
  config: ResolvedYolov4Config,
  heads: readonly HeadShape[],
  batchSize: number,
): Omit<LossResult, 'stats'> {
  const eps = config.labelSmoothing;
  return fusedAnchorHeadTerms(predictions, targets, config, heads, batchSize, (h) => ({
    box: config.boxLoss,
    whScale: 1,
    ignore: 'prediction',
    classGate: config.preset === 'darknet',
    scaleXY: config.scaleXY[h]!,
    classes: { off: eps / 2, on: 1 - eps / 2 },
    layers: targets.heads[h]!.layers,
  }));
}
