import type { LossResult as LossTerms } from '@yolo-loss/backend';
import type { SlotStats } from '@yolo-loss/heads';
export type { GtBox, GroundTruthInput, Detection } from '@yolo-loss/geometry';
export type { DroppedSlot, Slot } from '@yolo-loss/heads';

/** Plain-number statistics of one loss call, known without reading the GPU. */
export interface Yolov5Stats extends SlotStats {
  /**
   * Positives: every (target, anchor, cell) the target building emits, duplicates included
   * (each counts in the box and class means). `responsible` lists them per output in emission
   * order as `[output, image, row, col, anchor]`, `responsibleGt` the GT of each.
   */
  numTargets: number;
  /**
   * Positives whose objectness write a later positive of the same `(image, anchor, cell)`
   * overwrote (last write wins); they still count in the box and class terms. Listed in
   * `dropped` as `[image, gt, output, row, col, anchor]`.
   */
  droppedTargets: number;
  /** Positives per output. */
  positivesPerLevel: readonly number[];
  /** GTs that matched no anchor at any output (every side ratio test failed): they add nothing. */
  unmatchedGt: number;
}

/**
 * What a loss call returns: scalar terms and stats. `obj` + `noobj` is ultralytics' objectness
 * term (positive cells and the others); `total = box + obj + noobj + cls`.
 */
export type LossResult = LossTerms<Yolov5Stats>;
