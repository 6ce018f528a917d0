import type { LossResult as LossTerms } from '@yolo-loss/backend';
import type { SlotStats } from '@yolo-loss/geometry';
export type { GtBox, GroundTruthInput, Detection, DroppedSlot, Slot } from '@yolo-loss/geometry';

/** Plain-number statistics of one loss call, known without reading the GPU (geometry's `SlotStats`). */
export interface Yolov3Stats extends SlotStats {
  /** Responsible slots (one per GT unless it lost its slot). */
  numTargets: number;
  /**
   * GTs that lost their slot: `paper` the later of two GTs on one slot; `darknet` the earlier
   * one, whose box and objectness targets are overwritten (its class still counts).
   */
  droppedTargets: number;
  /** Index (in its image) of the GT that owns each responsible slot's box target. */
  responsibleGt: readonly number[];
}

/** What a loss call returns: scalar terms (`total = box + obj + noobj + cls`) and stats. */
export type LossResult = LossTerms<Yolov3Stats>;
