import type { Reduction } from '@yolo-loss/backend';
import type { AnchorHeadLayoutConfig } from '@yolo-loss/heads';

/** Every key of the YOLOv4 loss (docs/losses/yolov4.md states what each means). */
export interface Yolov4Config extends AnchorHeadLayoutConfig {
  /** Grid-sensitivity scale `s` per head: `x = (s·σ(tx) − (s − 1)/2 + col)/W`. */
  scaleXY: readonly number[];
  /** Extra anchors whose shape IoU with a GT exceeds this are responsible too. */
  iouThreshold: number;
  lambdaCoord: number;
  lambdaObj: number;
  lambdaClass: number;
  /** A non-responsible prediction with IoU `>` this with a GT gets no `noobj` term. */
  ignoreThreshold: number;
  /** The ignore rule also needs some class score `σ(c) > 0.25` (AlexeyAB Darknet's `compare_yolo_class`). */
  ignoreClassGate: boolean;
  /** Binary label smoothing ε: class targets `t·(1 − ε) + ε/2`. */
  labelSmoothing: number;
  /** The box term `1 − CIoU` (or DIoU, GIoU, IoU) of the decoded box and the GT. */
  boxLoss: 'ciou' | 'diou' | 'giou' | 'iou';
  /**
   * Two GTs on one slot (head, cell, anchor): the earlier keeps it (`'first-wins'`), or they share
   * it — union of classes, one box term each weighted `λcoord / k` (`'share'`).
   */
  slotConflict: 'first-wins' | 'share';
  reduction: Reduction;
}

const anchors: readonly (readonly [number, number])[] = [
  [12, 16], [19, 36], [40, 28], [36, 75], [76, 55], [72, 146], [142, 110], [192, 243], [459, 401],
];
const masks = [[0, 1, 2], [3, 4, 5], [6, 7, 8]] as const;
const yolov4Cfg = {
  anchors, anchorUnits: 'pixels', masks, strides: [8, 16, 32], inputSize: [608, 608], numClasses: 80,
  scaleXY: [1.2, 1.1, 1.05], iouThreshold: 0.213,
  lambdaCoord: 0.07, lambdaObj: 1, lambdaClass: 1,
  ignoreThreshold: 0.7, labelSmoothing: 0, boxLoss: 'ciou', reduction: 'mean',
} as const;

/**
 * The presets, each a full record of the keys, both with `yolov4.cfg`'s values: `paper` (the
 * YOLOv4 paper's formulation: the earlier GT keeps a slot, no class gate) and `darknet`
 * (AlexeyAB Darknet's `[yolo]` layer: GTs share a slot, the ignore rule's class gate).
 */
export const yolov4Presets: Readonly<Record<'paper' | 'darknet', Readonly<Yolov4Config>>> = {
  paper: { ...yolov4Cfg, ignoreClassGate: false, slotConflict: 'first-wins' },
  darknet: { ...yolov4Cfg, ignoreClassGate: true, slotConflict: 'share' },
};
