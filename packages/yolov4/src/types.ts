import type { LossResult as LossTerms } from '@yolo-loss/backend';
import type { SlotStats } from '@yolo-loss/heads';
export type { GtBox, GroundTruthInput, Detection } from '@yolo-loss/geometry';
export type { DroppedSlot, Slot } from '@yolo-loss/heads';

/**
 * Plain-number statistics of one loss call, known without reading the GPU: responsible slots
 * (best anchor plus the `iouThreshold` extras), the GT owning each (the first of sharing GTs), and
 * the (GT, slot) claims lost to an earlier GT (`slotConflict: 'first-wins'`).
 */
export type Yolov4Stats = SlotStats;

/** What a loss call returns: scalar terms (`total = box + obj + noobj + cls`) and stats. */
export type LossResult = LossTerms<Yolov4Stats>;
