import type { LossResult as LossTerms, LossStats } from '@yolo-loss/backend';
import type * as tf from '@tensorflow/tfjs-core';
export type { GtBox, GroundTruthInput, Detection } from '@yolo-loss/geometry';

/**
 * Plain-number statistics of one loss call, known from the ground truth and the output grids
 * (the task-aligned assignment depends on the predictions and is never read back in a step).
 */
export interface Yolov8Stats extends LossStats {
  /** Valid ground-truth boxes in the batch. */
  numGt: number;
  /** `(GT, anchor)` candidate pairs: anchor points strictly inside a GT box (the anchors the assigner ranks). */
  numTargets: number;
  /** Valid GT boxes with no anchor point inside: the assigner can give them no anchor. */
  droppedTargets: number;
}

/**
 * What a loss call returns: scalar terms and stats. `box`, `cls` and `dfl` are ultralytics' three
 * terms; `obj` and `noobj` are 0 (YOLOv8 has no objectness); `total = box + cls + dfl`.
 */
export interface LossResult extends LossTerms<Yolov8Stats> {
  /** Distribution focal loss of the foreground anchors' box sides, scalar. */
  dfl: tf.Scalar;
}
