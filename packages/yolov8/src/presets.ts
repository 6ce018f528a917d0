import type { Reduction } from '@yolo-loss/backend';

/** Every key of the YOLOv8 loss (docs/losses/yolov8.md states what each means). */
export interface Yolov8Config {
  /** Classes `C`. */
  numClasses: number;
  /** `[width, height]` of the network input in pixels (each output's stride is `inputSize / grid`). */
  inputSize: readonly [number, number];
  /** DFL bins per box side (ultralytics `reg_max`): an output has `4·regMax + C` channels. */
  regMax: number;
  /** Gain of the box term `1 − CIoU` (ultralytics `box`). */
  lambdaCoord: number;
  /** Gain of the class BCE term (ultralytics `cls`). */
  lambdaClass: number;
  /** Gain of the distribution focal loss term (ultralytics `dfl`). */
  lambdaDfl: number;
  /** Anchors each ground-truth box takes by alignment in the task-aligned assigner (`tal_topk`). */
  assignerTopK: number;
  /** `α`, the class score's exponent in the alignment `score^α · IoU^β`. */
  assignerAlpha: number;
  /** `β`, the IoU's exponent in the alignment `score^α · IoU^β`. */
  assignerBeta: number;
  /** `pos_weight` of the class BCE: one number, or one weight per class. */
  classPosWeight: number | readonly number[];
  /**
   * `'sum'` (the preset): every term × batch size, what ultralytics back-propagates; `'mean'`: the
   * unscaled terms ultralytics logs (normalised by the batch's target-score sum, not per image).
   */
  reduction: Reduction;
}

/**
 * The one preset, a full record of the keys: ultralytics' `v8DetectionLoss` with its default
 * gains (`box` 7.5, `cls` 0.5, `dfl` 1.5) and the assigner constants the loss sets (top-k 10,
 * `α` 0.5, `β` 6).
 */
export const yolov8Presets: Readonly<Record<'ultralytics', Readonly<Yolov8Config>>> = {
  ultralytics: {
    numClasses: 80,
    inputSize: [640, 640],
    regMax: 16,
    lambdaCoord: 7.5,
    lambdaClass: 0.5,
    lambdaDfl: 1.5,
    assignerTopK: 10,
    assignerAlpha: 0.5,
    assignerBeta: 6.0,
    classPosWeight: 1,
    reduction: 'sum',
  },
};
