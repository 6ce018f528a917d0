import type { LossResult as LossTerms } from '@yolo-loss/backend';
import type { SlotStats } from '@yolo-loss/heads';
export type { GtBox, GroundTruthInput, Detection } from '@yolo-loss/geometry';
export type { DroppedSlot, Slot } from '@yolo-loss/heads';

/**
 * Plain-number statistics of one loss call, known without reading the GPU: responsible slots,
 * the GT owning each, and the GTs that lost a slot (`slotConflict`).
 */
export type Yolov3Stats = SlotStats;

/** What a loss call returns: scalar terms (`total = box + obj + noobj + cls`) and stats. */
export type LossResult = LossTerms<Yolov3Stats>;
