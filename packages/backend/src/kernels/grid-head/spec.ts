/**
 * What the fused one-head kernels (YOLOv1, YOLOv2) compute and the layout of their inputs and
 * output. Both write, in one pass over the predictions, the gradient of every prediction with
 * respect to the term it belongs to and, per row, the row's four *unweighted* term sums and its
 * responsible predictor; the losses multiply the summed terms by their λ, ½ and batch factors
 * (scalar tfjs ops, so the gradient reaches the kernels through `dy`).
 */

/** The per-cell constants of a fused YOLOv1 loss (the config keys the terms read). */
export interface FusedYolov1Spec {
  gridH: number;
  gridW: number;
  /** Predictors per cell `B`. */
  boxesPerCell: number;
  numClasses: number;
  /** `'logistic'`: σ on `x, y, w, h, Ĉ`, softmax classes, `√(w + 1e-9)`; `'linear'`: as is, `√w = tw`, `w = tw²`. */
  activation: 'logistic' | 'linear';
  /** The responsible predictor when every IoU is 0: `'sqrt-size'` or Darknet's `'image-rmse'`. */
  fallbackDistance: 'sqrt-size' | 'image-rmse';
  /** Objectness target: `IoU*` (true) or 1. */
  rescore: boolean;
}

/**
 * Prediction-independent inputs of the fused YOLOv1 kernel, packed on the CPU.
 * `rows = N·H·W` cells, row `r = (n·H + row)·W + col`.
 */
export interface FusedYolov1Targets {
  /** `[rows]`: index of the cell's entry in `table`, −1 where no GT owns the cell. */
  cellIndex: Int32Array;
  /**
   * `[K, 8 + C]` (at least one entry): per GT cell the owning GT `x, y, w, h` (image units),
   * the offsets `x̂, ŷ, √ŵ, √ĥ`, then the `C` class targets.
   */
  table: Float32Array;
}

/** The per-slot constants of a fused YOLOv2 loss (the config keys the terms read). */
export interface FusedYolov2Spec {
  gridH: number;
  gridW: number;
  numClasses: number;
  /** The anchors in grid cells, `[w0, h0, w1, h1, …]` (`A` pairs). */
  anchors: readonly number[];
  /**
   * Per anchor, the exponent above which `e^{tw}` continues linearly in the `'grid-cells'` size
   * term, `[bw0, bh0, …]` (`log(MAX·W / p_w)`, as the composed loss computes it).
   */
  sizeBounds: readonly number[];
  /** `'grid-cells'`: `(p_w·e^{tw} − ŵ_c)²`; `'log-space'`: `(tw − log(ŵ_c/p_w))²`. */
  sizeLoss: 'grid-cells' | 'log-space';
  /** Weight the box term by the slot's `2 − ŵ·ĥ`. */
  smallBoxWeight: boolean;
  /** `'softmax-sse'`: `Σ (p̂ − t)²`; `'softmax-ce'`: `−Σ t·log p̂`. */
  classLoss: 'softmax-sse' | 'softmax-ce';
  /** Objectness target: `IoU*` (true) or 1. */
  rescore: boolean;
  /** A slot whose decoded box has IoU above this with some GT of its image gets no noobj term. */
  ignoreThreshold: number;
}

/**
 * Prediction-independent inputs of the fused YOLOv2 kernel, packed on the CPU.
 * `rows = N·H·W·A` slots, row `r = ((n·H + row)·W + col)·A + a`.
 */
export interface FusedYolov2Targets {
  /** `[rows]`: index of the slot's entry in `table`, −1 where the slot is not responsible. */
  slotIndex: Int32Array;
  /**
   * `[K, 11 + C]` (at least one entry): per responsible slot the offsets `x̂ − col, ŷ − row`, the
   * sizes `ŵ_c, ĥ_c` (cells), `log(ŵ_c/p_w), log(ĥ_c/p_h)`, the owning GT `x, y, w, h` (image
   * units), the weight `2 − ŵĥ`, then the `C` class targets.
   */
  table: Float32Array;
  /** `[N, M, 4]` (at least one box per image): every GT of each image as `x, y, w, h` (image units); zero-size rows are padding. */
  gt: Float32Array;
  /** `M`. */
  maxBoxes: number;
}

/** Fields of a {@link FusedYolov1Targets} table entry before the classes. */
export const YOLOV1_ENTRY_FIELDS = 8;
/** Fields of a {@link FusedYolov2Targets} table entry before the classes. */
export const YOLOV2_ENTRY_FIELDS = 11;

/**
 * The per-row values after the gradients in a fused one-head kernel's output
 * (`[rows·channels + ROW_FIELDS·rows]`, field-major: field `f` of row `r` at `rows·channels + f·rows + r`):
 * the row's box, obj, noobj and cls sums, and its responsible predictor (−1: none).
 */
export const ROW = { box: 0, obj: 1, noobj: 2, cls: 3, responsible: 4 } as const;
/** Number of per-row fields ({@link ROW}). */
export const ROW_FIELDS = 5;

/** `√(w + 1e-9)`'s constant in YOLOv1's logistic decoding. */
export const YOLOV1_SQRT_EPS = 1e-9;
/** `tw`, `th` are clamped to ±this before `e^t` where YOLOv2 decodes boxes under stop-gradient. */
export const YOLOV2_DECODE_EXP_BOUND = 40;
