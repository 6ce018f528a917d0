import type * as tf from '@tensorflow/tfjs-core';
import type { DroppedSlot, Slot } from '@yolo-loss/geometry';
export type { GtBox, GroundTruthInput, Detection, DroppedSlot, Slot } from '@yolo-loss/geometry';

/** Plain-number statistics of one loss call, known without reading the GPU. */
export interface Yolov4Stats {
  /** Valid (non-padding) ground-truth boxes in the batch. */
  numGt: number;
  /** Responsible slots (best anchor plus the `iouThreshold` extras, minus the slots lost). */
  numTargets: number;
  /**
   * (GT, slot) claims lost to an earlier GT (`paper`). The `darknet` preset shares a slot
   * between its GTs (union of classes, averaged box terms), so nothing is dropped there.
   */
  droppedTargets: number;
  /** Responsible slots, sorted. */
  responsible: readonly Slot[];
  /** Index (in its image) of the GT that owns each responsible slot (the first to claim it). */
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
  stats: Yolov4Stats;
}
