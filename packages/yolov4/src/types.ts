import type { LossResult as LossTerms } from '@yolo-loss/backend';
import type { SlotStats } from '@yolo-loss/geometry';
export type { GtBox, GroundTruthInput, Detection, DroppedSlot, Slot } from '@yolo-loss/geometry';

/** Plain-number statistics of one loss call, known without reading the GPU (geometry's `SlotStats`). */
export interface Yolov4Stats extends SlotStats {
  /** Responsible slots (best anchor plus the `iouThreshold` extras, minus the slots lost). */
  numTargets: number;
  /**
   * (GT, slot) claims lost to an earlier GT (`paper`). The `darknet` preset shares a slot
   * between its GTs (union of classes, averaged box terms), so nothing is dropped there.
   */
  droppedTargets: number;
  /** Index (in its image) of the GT that owns each responsible slot (the first to claim it). */
  responsibleGt: readonly number[];
}

/** What a loss call returns: scalar terms (`total = box + obj + noobj + cls`) and stats. */
export type LossResult = LossTerms<Yolov4Stats>;
