import type * as tf from '@tensorflow/tfjs-core';

export type { GtBox, GroundTruthInput, Detection } from '@yolo-loss/geometry';

/** Plain-number statistics of one loss call, known without reading the GPU. */
export interface Yolov2Stats {
  /** Images in the batch. */
  numImages: number;
  /** Valid ground-truth boxes in the batch (padding rows excluded). */
  numGt: number;
  /** Slots (image, cell, anchor) that got a target. */
  numTargets: number;
  /** GTs that lost their slot to another GT (paper: an earlier one; darknet: a later one). */
  droppedTargets: number;
}

/** The loss terms (scalar tensors; `total = box + obj + noobj + cls`) and plain statistics. */
export interface LossResult {
  /** What to minimise. */
  total: tf.Scalar;
  /** Coordinate term of the responsible anchors. */
  box: tf.Scalar;
  /** Objectness term of the responsible anchors. */
  obj: tf.Scalar;
  /** Objectness term of the other anchors that are not ignored. */
  noobj: tf.Scalar;
  /** Class term of the responsible anchors. */
  cls: tf.Scalar;
  /** Plain numbers. */
  stats: Yolov2Stats;
}

/** Where one GT went: its image, its index in that image's (padding-free) list, cell and anchor. */
export interface GtSlot {
  image: number;
  box: number;
  row: number;
  col: number;
  /** Anchor index (the best shape IoU in the GT's cell). */
  anchor: number;
}
