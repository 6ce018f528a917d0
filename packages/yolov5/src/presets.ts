import type { Reduction } from '@yolo-loss/backend';

/** Every key of the YOLOv5 loss (docs/losses/yolov5.md states what each means). */
export interface Yolov5Config {
  /** Classes `C`. */
  numClasses: number;
  /** `[width, height]` of the network input in pixels (strides are `inputSize / grid`). */
  inputSize: readonly [number, number];
  /** All anchors `[[w, h], ...]` in input pixels. */
  anchors: readonly (readonly [number, number])[];
  /** Anchor indices per output, in the order of the prediction tensors (finest grid first by default). */
  masks: readonly (readonly number[])[];
  /** Box gain (ultralytics `box`). */
  lambdaCoord: number;
  /** Objectness gain (ultralytics `obj`). */
  lambdaObj: number;
  /** Class gain (ultralytics `cls`). */
  lambdaClass: number;
  /** A (target, anchor) pair is kept iff the worst side ratio `max(r, 1/r)` is `< anchorThreshold` (`anchor_t`). */
  anchorThreshold: number;
  /** Objectness weight of each output (ultralytics `balance`), one per mask. */
  levelWeights: readonly number[];
  /** `gr`: a positive's objectness target is `(1 − gr) + gr·max(CIoU, 0)`. */
  objIouRatio: number;
  /** `ε`: class targets `1 − ε/2` (the GT's class) and `ε/2` (the others). */
  labelSmoothing: number;
  /** `pos_weight` of the class BCE: one number, or one weight per class. */
  classPosWeight: number | readonly number[];
  /** `pos_weight` of the objectness BCE. */
  objPosWeight: number;
  /** Focal-loss `γ` on the class and objectness BCE (0: plain BCE). */
  focalGamma: number;
  /**
   * `'sum'` (the preset): every term × batch size, what ultralytics back-propagates; `'mean'`: the
   * unscaled terms ultralytics logs (a per-image value).
   */
  reduction: Reduction;
}

/** YOLOv5's P3–P5 anchors in pixels (`models/yolov5s.yaml`). */
const anchors: readonly (readonly [number, number])[] = [
  [10, 13],
  [16, 30],
  [33, 23],
  [30, 61],
  [62, 45],
  [59, 119],
  [116, 90],
  [156, 198],
  [373, 326],
];

/** Ultralytics' objectness weights per output: `[4, 1, 0.4]` for 3 outputs, else the first of these. */
const BALANCE_3 = [4.0, 1.0, 0.4] as const;
const BALANCE_OTHER = [4.0, 1.0, 0.25, 0.06, 0.02] as const;

/**
 * The default `levelWeights` for `levels` outputs: `[4, 1, 0.4]` for 3, otherwise the first
 * `levels` of `[4, 1, 0.25, 0.06, 0.02]`; empty (no default: the key must be given) beyond 5.
 */
export function defaultLevelWeights(levels: number): readonly number[] {
  if (levels === 3) return BALANCE_3;
  return levels <= BALANCE_OTHER.length ? BALANCE_OTHER.slice(0, levels) : [];
}

/**
 * The one preset, a full record of the keys: ultralytics' `ComputeLoss` with the gains of its
 * `hyp.scratch-low.yaml`, as ComputeLoss applies them (its `train.py` rescales them by the number of
 * outputs, classes and the image size; pass those values as keys to reproduce that).
 */
export const yolov5Presets: Readonly<Record<'ultralytics', Readonly<Yolov5Config>>> = {
  ultralytics: {
    numClasses: 80,
    inputSize: [640, 640],
    anchors,
    masks: [
      [0, 1, 2],
      [3, 4, 5],
      [6, 7, 8],
    ],
    lambdaCoord: 0.05,
    lambdaObj: 1.0,
    lambdaClass: 0.5,
    anchorThreshold: 4.0,
    levelWeights: BALANCE_3,
    objIouRatio: 1.0,
    labelSmoothing: 0,
    classPosWeight: 1,
    objPosWeight: 1,
    focalGamma: 0,
    reduction: 'sum',
  },
};
