import type { AnchorHeadTargets, AnchorHeadTargetsOfHead, EncodeAnchorHeadOptions } from '@yolo-loss/heads';
import type { Yolov3Options } from './config.js';
import type { GroundTruthInput } from './types.js';
import { yolov3Core } from './version.js';

/** The prediction-independent part of the YOLOv3 loss, computed on the CPU (the shared anchor-head targets). */
export type Yolov3Targets = AnchorHeadTargets;
/** The targets of one head (box targets in t-space: `t̂x, t̂y, t̂w, t̂h`). */
export type Yolov3HeadTargets = AnchorHeadTargetsOfHead;
/** Options of {@link encodeYolov3Targets}: config keys plus the head grids and the batch size. */
export type EncodeYolov3Options = Yolov3Options & EncodeAnchorHeadOptions;

/**
 * Encodes ground truth into YOLOv3 targets on the CPU, ahead of the training step: the best
 * anchor over all heads by shape IoU (ties to the lowest anchor index), the GT's cell in that
 * head, slot conflicts (`slotConflict`), the t-space targets and the box weights.
 *
 * @param groundTruth - `GtBox[][]`, or padded `[N, maxBoxes, 5]` (`number[][][]`; a `Float32Array` needs `batchSize`).
 * @param options - config keys, `gridSizes`, and `batchSize` for a flat `Float32Array`.
 */
export const encodeYolov3Targets: (groundTruth: GroundTruthInput, options?: EncodeYolov3Options) => Yolov3Targets =
  yolov3Core.encodeTargets;
