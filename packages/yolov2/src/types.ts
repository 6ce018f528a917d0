import type { LossResult as LossTerms, LossStats } from '@yolo-loss/backend';

export type { GtBox, GroundTruthInput, Detection } from '@yolo-loss/geometry';

/** Plain-number statistics of one loss call, known without reading the GPU. */
export interface Yolov2Stats extends LossStats {
  /** Images in the batch. */
  numImages: number;
  /** Slots (image, cell, anchor) that got a target. */
  numTargets: number;
  /** GTs that lost their slot to another GT (`slotConflict`: to an earlier one, or to a later one). */
  droppedTargets: number;
}

/** The loss terms (scalar tensors; `total = box + obj + noobj + cls`) and plain statistics. */
export type LossResult = LossTerms<Yolov2Stats>;

/** Where one GT went: its image, its index in that image's (padding-free) list, cell and anchor. */
export interface GtSlot {
  image: number;
  box: number;
  row: number;
  col: number;
  /** Anchor index (the best shape IoU in the GT's cell). */
  anchor: number;
}
