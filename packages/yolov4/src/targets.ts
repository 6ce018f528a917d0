import type { AnchorHeadTargets, AnchorHeadTargetsOfHead, EncodeAnchorHeadOptions } from '@yolo-loss/heads';
import type { Yolov4Options } from './config.js';
import type { GroundTruthInput } from './types.js';
import { yolov4Core } from './version.js';

/** The prediction-independent part of the YOLOv4 loss, computed on the CPU (the shared anchor-head targets). */
export type Yolov4Targets = AnchorHeadTargets;
/** The targets of one head (box targets: the GT's image-normalised `xywh`, one layer per sharing GT). */
export type Yolov4HeadTargets = AnchorHeadTargetsOfHead;
/** Options of {@link encodeYolov4Targets}: config keys plus the head grids and the batch size. */
export type EncodeYolov4Options = Yolov4Options & EncodeAnchorHeadOptions;

/**
 * Encodes ground truth into YOLOv4 targets on the CPU, ahead of the training step. Each GT, in
 * input order, claims its best anchor over all heads (shape IoU, ties to the lowest index), then
 * every other anchor whose shape IoU is `> iouThreshold`, each in its head's cell for the GT; a
 * slot already taken follows `slotConflict`.
 *
 * @param groundTruth - `GtBox[][]`, or padded `[N, maxBoxes, 5]` (`number[][][]`; a `Float32Array` needs `batchSize`).
 * @param options - config keys, `gridSizes`, and `batchSize` for a flat `Float32Array`.
 */
export const encodeYolov4Targets: (groundTruth: GroundTruthInput, options?: EncodeYolov4Options) => Yolov4Targets =
  yolov4Core.encodeTargets;
