/**
 * What the fused YOLOv5 level kernels compute and the data they read (CPU and WGSL alike). One
 * level (model output) of ultralytics' `ComputeLoss`: its rows `r = ((n·H + row)·W + col)·A + a`
 * of `[rows, 5 + C]` raw predictions, the positives (target rows) of each row, and the level's
 * constants.
 */

/** The per-level constants of the YOLOv5 loss, the config and the positive count folded in. */
export interface Yolov5LevelSpec {
  /** Classes `C`. */
  numClasses: number;
  /** `λcoord / P` (0 without positives): the box term's factor. */
  boxScale: number;
  /** `λclass / (P·C)` (0 without positives or with `C = 1`): the class term's factor. */
  clsScale: number;
  /** `levelWeight · λobj / rows`: the objectness term's factor. */
  objScale: number;
  /** `gr`: a positive's objectness target is `(1 − gr) + gr·max(CIoU, 0)`. */
  objIouRatio: number;
  /** Class target of a positive's own class, `1 − ε/2`. */
  classOn: number;
  /** Class target of the other classes, `ε/2`. */
  classOff: number;
  /** `pos_weight` of the objectness BCE. */
  objPosWeight: number;
  /** Focal `γ` of the class and objectness BCE (0: plain BCE). */
  focalGamma: number;
  /** `pos_weight` of the class BCE, one per class. */
  classPosWeight: readonly number[];
}

/** The positives of one level, built on the CPU from encoded targets. */
export interface Yolov5LevelTargets {
  /** `[rows + 1]`: row `r`'s positives are table entries `rowStart[r] … rowStart[r+1] − 1`. */
  rowStart: Int32Array;
  /**
   * `[max(P, 1), YOLOV5_TABLE_WIDTH]`: per positive the target box `(x, y, w, h)` and the anchor
   * `(w, h)` in grid units relative to the cell's corner, and the class id; sorted by row, in
   * emission order within a row (the last is the row's objectness writer).
   */
  table: Float32Array;
}

/** Values per positive in {@link Yolov5LevelTargets.table}. */
export const YOLOV5_TABLE_WIDTH = 7;

/** YOLOv5's CIoU eps on the union and on the enclosing diagonal `c²` (`α`'s is `CIOU_ALPHA_EPS`). */
export const YOLOV5_CIOU_EPS = 1e-7;

/** The focal loss's `α` (Lin et al., as ultralytics' `FocalLoss` uses it). */
export const YOLOV5_FOCAL_ALPHA = 0.25;

/**
 * `1 − p_t` is floored here before `^γ`, so that a saturated logit (`p_t` = 1 in float32) has a
 * finite gradient for `γ < 1` (`γ·0^{γ−1}` would be ∞, times `σ′ = 0` NaN); values change by
 * less than `YOLOV5_FOCAL_FLOOR^γ`.
 */
export const YOLOV5_FOCAL_FLOOR = 1e-30;

/** Index of each term in a level's `[4]` result (and of the forward output's per-row terms). */
export const TERM = { box: 0, obj: 1, noobj: 2, cls: 3 } as const;

/** `params` (float32) layout; the per-class `pos_weight`s start at {@link PARAM.classPosWeight}. */
export const PARAM = {
  boxScale: 0,
  clsScale: 1,
  objScale: 2,
  objIouRatio: 3,
  classOn: 4,
  classOff: 5,
  objPosWeight: 6,
  focalGamma: 7,
  classPosWeight: 8,
} as const;

/** Attributes of both kernels. */
export interface Yolov5LevelAttrs {
  numClasses: number;
}

/** The `params` buffer of a level. */
export function levelParams(spec: Yolov5LevelSpec): Float32Array {
  const params = new Float32Array(PARAM.classPosWeight + spec.numClasses);
  params[PARAM.boxScale] = spec.boxScale;
  params[PARAM.clsScale] = spec.clsScale;
  params[PARAM.objScale] = spec.objScale;
  params[PARAM.objIouRatio] = spec.objIouRatio;
  params[PARAM.classOn] = spec.classOn;
  params[PARAM.classOff] = spec.classOff;
  params[PARAM.objPosWeight] = spec.objPosWeight;
  params[PARAM.focalGamma] = spec.focalGamma;
  params.set(spec.classPosWeight, PARAM.classPosWeight);
  return params;
}
