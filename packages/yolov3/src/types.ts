import type * as tf from '@tensorflow/tfjs-core';
import type { DroppedSlot, Slot } from '@yolo-loss/geometry';
export type { GtBox, GroundTruthInput, Detection, DroppedSlot, Slot } from '@yolo-loss/geometry';

/** Plain-number statistics of one loss call, known without reading the GPU. */
export interface Yolov3Stats {
  /** Valid (non-padding) ground-truth boxes in the batch. */
  numGt: number;
  /** Responsible slots (one per GT unless it lost its slot). */
  numTargets: number;
  /**
   * GTs that lost their slot: `paper` the later of two GTs on one slot; `darknet` the earlier
   * one, whose box and objectness targets are overwritten (its class still counts).
   */
  droppedTargets: number;
  /** Responsible slots, sorted. */
  responsible: readonly Slot[];
  /** Index (in its image) of the GT that owns each responsible slot's box target. */
  responsibleGt: readonly number[];
  /** The GTs that lost a slot. */
  dropped: readonly DroppedSlot[];
}

/** What a loss call returns: scalar terms (`total = box + obj + noobj + cls`) and stats. */
export interface LossResult {
  total: tf.Scalar;
  box: tf.Scalar;
  obj: tf.Scalar;
  noobj: tf.Scalar;
  cls: tf.Scalar;
  stats: Yolov3Stats;
}
