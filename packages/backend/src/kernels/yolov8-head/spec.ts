import type { Tensor } from '@tensorflow/tfjs-core';

/**
 * What the fused YOLOv8 kernels compute and the data they read (CPU and WGSL alike): ultralytics'
 * `v8DetectionLoss` over a batch — the task-aligned assignment on the device, then the box (CIoU),
 * class (BCE) and distribution focal terms with their gradient.
 *
 * Rows: every anchor of every image, output-major — output `l`'s rows start at `levelStart[l]`
 * and hold its images one after the other, each `H·W` cells row-major (`r = levelStart[l] +
 * n·H·W + row·W + col`), each row `4·regMax + C` raw outputs (the DFL logits side-major
 * `l, t, r, b` × `regMax`, then the class logits). An image's anchor index `a` (ultralytics'
 * order: output-major, then cell) orders ties in the top-k.
 */

/** One output's grid. */
export interface Yolov8HeadLevel {
  gridH: number;
  gridW: number;
  /** Input pixels per cell. */
  stride: number;
}

/** The constants of a YOLOv8 loss call, the config folded in. */
export interface Yolov8HeadSpec {
  /** Classes `C`. */
  numClasses: number;
  /** DFL bins per side. */
  regMax: number;
  /** Images `N`. */
  batchSize: number;
  /** The outputs, ascending stride. */
  levels: readonly Yolov8HeadLevel[];
  /** Anchors each GT takes by alignment. */
  topK: number;
  /** `align = score^alpha · IoU^beta`. */
  alpha: number;
  beta: number;
  /** Gains of the box, class and DFL terms. */
  boxGain: number;
  clsGain: number;
  dflGain: number;
  /** `pos_weight` of the class BCE, one per class. */
  classPosWeight: readonly number[];
}

/** The ground truth of the batch, padded to `maxBoxes` rows per image. */
export interface Yolov8HeadTargets {
  /** Rows per image `G`. */
  maxBoxes: number;
  /**
   * `[N·G, YOLOV8_GT_WIDTH]`: per row the corners `x1, y1, x2, y2` in input pixels, the class and
   * 1 for a real box (0: padding). CPU values (uploaded by the op) or a float32 tensor already on
   * the device (e.g. from tfjs-layers' `yTrue`; it receives no gradient).
   */
  gt: Float32Array | Tensor;
}

/** Values per ground-truth row in {@link Yolov8HeadTargets.gt}. */
export const YOLOV8_GT_WIDTH = 6;

/** Ultralytics' CIoU eps: on both heights, the union and the enclosing diagonal `c²`. */
export const YOLOV8_CIOU_EPS = 1e-7;

/** Added to a GT's largest alignment before dividing by it. */
export const YOLOV8_ASSIGNER_EPS = 1e-9;

/** An anchor point is inside a GT when all four distances to its sides exceed this (pixels). */
export const YOLOV8_IN_BOX_EPS = 1e-9;

/** The DFL target clamp: `regMax − 1 − 0.01`. */
export function dflClampOf(regMax: number): number {
  return regMax - 1 - 0.01;
}

/** Index of each term in the op's `[3]` result. */
export const TERM = { box: 0, cls: 1, dfl: 2 } as const;

/** `params` (float32) layout; the per-class `pos_weight`s start at {@link PARAM.classPosWeight}. */
export const PARAM = { alpha: 0, beta: 1, dflClamp: 2, classPosWeight: 3 } as const;

/** Attributes of the kernels. */
export interface Yolov8HeadAttrs {
  numClasses: number;
  regMax: number;
  batchSize: number;
  maxBoxes: number;
  topK: number;
}

/** Values per row of the `levels` input: `gridH, gridW, stride, first row`. */
export const LEVEL_WIDTH = 4;

/** The `params` buffer of a call. */
export function headParams(spec: Yolov8HeadSpec): Float32Array {
  const params = new Float32Array(PARAM.classPosWeight + spec.numClasses);
  params[PARAM.alpha] = spec.alpha;
  params[PARAM.beta] = spec.beta;
  params[PARAM.dflClamp] = dflClampOf(spec.regMax);
  params.set(spec.classPosWeight, PARAM.classPosWeight);
  return params;
}

/** The `levels` buffer: per output its grid, stride and first row. */
export function levelTable(spec: Yolov8HeadSpec): Int32Array {
  const table = new Int32Array(spec.levels.length * LEVEL_WIDTH);
  let first = 0;
  spec.levels.forEach(({ gridH, gridW, stride }, l) => {
    table.set([gridH, gridW, stride, first], l * LEVEL_WIDTH);
    first += spec.batchSize * gridH * gridW;
  });
  return table;
}

/**
 * Offsets of the parts of the forward output, for `R` rows: the box term's gradient with respect
 * to the DFL logits `[R, 4·regMax]`, the DFL term's `[R, 4·regMax]`, the class term's `[R, C]`,
 * then the per-row terms `[3, R]` (box, cls, dfl; before the normaliser and the gains) and each
 * row's target score `[R]`.
 */
export function forwardLayout(rows: number, regMax: number, numClasses: number) {
  const dist = 4 * regMax;
  const boxGrad = 0;
  const dflGrad = rows * dist;
  const clsGrad = 2 * rows * dist;
  const terms = clsGrad + rows * numClasses;
  const score = terms + 3 * rows;
  return { boxGrad, dflGrad, clsGrad, terms, score, size: score + rows };
}
