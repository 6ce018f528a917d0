import type { Yolov8HeadSpec, Yolov8HeadTargets } from '@yolo-loss/backend/kernels';
import type { LevelGrid } from './anchors.js';
import type { ResolvedYolov8Config } from './config.js';
import type { GtRows } from './targets.js';

/**
 * The inputs of the fused kernel (`fusedYolov8Head` of `@yolo-loss/backend/kernels`): the batch's
 * ground-truth rows and the config folded into the call's constants.
 */
export function packHead(
  gt: GtRows,
  levels: readonly LevelGrid[],
  config: ResolvedYolov8Config,
): { targets: Yolov8HeadTargets; spec: Yolov8HeadSpec } {
  const c = config.numClasses;
  const weights = config.classPosWeight;
  return {
    targets: { maxBoxes: gt.maxBoxes, gt: gt.table },
    spec: {
      numClasses: c,
      regMax: config.regMax,
      batchSize: gt.batchSize,
      levels,
      topK: config.assignerTopK,
      alpha: config.assignerAlpha,
      beta: config.assignerBeta,
      boxGain: config.lambdaCoord,
      clsGain: config.lambdaClass,
      dflGain: config.lambdaDfl,
      classPosWeight: Array.from({ length: c }, (_, j) => (typeof weights === 'number' ? weights : weights[j]!)),
    },
  };
}
