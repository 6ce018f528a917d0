import type * as tf from '@tensorflow/tfjs-core';

export type { GtBox, GroundTruthInput, Detection } from '@yolo-loss/geometry';

/** Plain-number statistics of one loss call, known without reading the GPU. */
export interface Yolov1Stats {
  /** Images in the batch. */
  numImages: number;
  /** Valid ground-truth boxes in the batch (padding rows excluded). */
  numGt: number;
  /** Cells that got a target (one per cell: the first GT of the cell). */
  numTargets: number;
  /** GTs that lost their cell to an earlier GT of the same image. */
  droppedTargets: number;
}

/** The loss terms (scalar tensors; `total = box + obj + noobj + cls`) and plain statistics. */
export interface LossResult {
  /** What to minimise. */
  total: tf.Scalar;
  /** Coordinate term of the responsible predictors. */
  box: tf.Scalar;
  /** Confidence term of the responsible predictors. */
  obj: tf.Scalar;
  /** Confidence term of every other predictor. */
  noobj: tf.Scalar;
  /** Class term of the cells that hold a GT. */
  cls: tf.Scalar;
  /** Plain numbers. */
  stats: Yolov1Stats;
}

/** Where one GT went: its image, its index in that image's (padding-free) list and its cell. */
export interface GtPlacement {
  image: number;
  box: number;
  row: number;
  col: number;
}
