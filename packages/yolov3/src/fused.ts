import type * as tf from '@tensorflow/tfjs-core';
import { fusedAnchorHeadTerms, type HeadShape } from '@yolo-loss/geometry';
import type { ResolvedYolov3Config } from './config.js';
import type { Yolov3Targets } from './targets.js';
import type { LossResult } from './types.js';

/**
 * The YOLOv3 loss terms through geometry's fused head kernels (one kernel per head for the
 * forward pass and the gradient), the same values as the composed ops of `loss.ts`.
 */
export function fusedYolov3Terms(
  predictions: readonly tf.Tensor[],
  targets: Yolov3Targets,
  config: ResolvedYolov3Config,
  heads: readonly HeadShape[],
  batchSize: number,
): Omit<LossResult, 'stats'> {
  return fusedAnchorHeadTerms(predictions, targets, config, heads, batchSize, () => ({
    box: config.xyLoss,
    whScale: config.whLoss === 'half-sse' ? 0.5 : 1,
    ignore: config.ignoreBasis,
    classGate: false,
    scaleXY: 1,
    classes: { off: 0, on: 1 },
    layers: 1,
  }));
}
