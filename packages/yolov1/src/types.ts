import type { LossResult as LossTerms, LossStats } from '@yolo-loss/backend';

export type { GtBox, GroundTruthInput, Detection } from '@yolo-loss/geometry';

/** Plain-number statistics of one loss call, known without reading the GPU. */
export interface Yolov1Stats extends LossStats {
  /** Images in the batch. */
  numImages: number;
  /** Cells that got a target (one per cell: the first GT of the cell). */
  numTargets: number;
  /** GTs that lost their cell to an earlier GT of the same image. */
  droppedTargets: number;
}

/** The loss terms (scalar tensors; `total = box + obj + noobj + cls`) and plain statistics. */
export type LossResult = LossTerms<Yolov1Stats>;

/** Where one GT went: its image, its index in that image's (padding-free) list and its cell. */
export interface GtPlacement {
  image: number;
  box: number;
  row: number;
  col: number;
}
