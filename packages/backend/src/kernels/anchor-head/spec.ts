/**
 * What one fused head-loss kernel computes (YOLOv3 and YOLOv4 heads share it): the box term in
 * t-space (`'sse-logit'`, `'sse-sigmoid'`, `'bce'`: YOLOv3) or as `1 − IoU-family` of the decoded
 * box (`'iou'`…`'ciou'`: YOLOv4), objectness with the ignore rule, and the class BCE.
 */
export type FusedBoxTerm = 'sse-logit' | 'sse-sigmoid' | 'bce' | FusedIouKind;

/** The IoU-family box terms `1 − IoUkind(decoded, GT)` of the fused kernels. */
export type FusedIouKind = 'iou' | 'giou' | 'diou' | 'ciou';

/** The per-head constants of a fused head loss. */
export interface FusedHeadSpec {
  gridH: number;
  gridW: number;
  numAnchors: number;
  numClasses: number;
  /** The box term (see {@link FusedBoxTerm}). */
  box: FusedBoxTerm;
  /** YOLOv3: weight factor of the `tw`, `th` squared errors (1, or 0.5 for `'half-sse'`). */
  whScale: number;
  /** Which boxes the ignore rule compares with the ground truth (`'none'`: no ground truth in the batch). */
  ignore: 'none' | 'prior' | 'prediction';
  /** Darknet (AlexeyAB) class gate of the ignore rule: some class logit `> logit(0.25)`. */
  classGate: boolean;
  /** YOLOv4 grid sensitivity `s` (1: YOLOv3's decoding). */
  scaleXY: number;
  /** This head's anchors normalised to the image, `[w0, h0, w1, h1, …]` (`A` pairs). */
  anchors: readonly number[];
  lambdaObj: number;
  lambdaClass: number;
  ignoreThreshold: number;
}

/**
 * Prediction-independent inputs of one fused head, built on the CPU from encoded targets.
 * `rows = N·H·W·A`, row `r = ((n·H + row)·W + col)·A + a`.
 */
export interface FusedHeadTargets {
  /** `[rows]`: index of the row's entry in `table`, −1 where the row is not responsible. */
  slotIndex: Int32Array;
  /**
   * `[K, 5·layers + C]` (at least one entry): per responsible row, `layers` groups of 4 box
   * values and a weight (YOLOv3: the t-space target and `boxWeight`; YOLOv4: a GT `xywh` and
   * its `λcoord` share, weight 0 for an unused layer), then the `C` class targets.
   */
  table: Float32Array;
  /** Box groups per table entry. */
  layers: number;
  /** `[N, G, 5]` (at least one box per image): ground truth `x1, y1, x2, y2, valid` for the ignore rule. */
  gt: Float32Array;
  /** `G`. */
  maxBoxes: number;
}

/** Row width of {@link FusedHeadTargets.table}. */
export function tableWidth(layers: number, numClasses: number): number {
  return 5 * layers + numClasses;
}

/** Darknet's class-score gate of the ignore rule (`σ(c) > 0.25`) as a logit, float32. */
export const CLASS_GATE_LOGIT = Math.fround(Math.log(0.25 / 0.75));

/** Index of each term in the fused kernels' `[4]` result. */
export const TERM = { box: 0, obj: 1, noobj: 2, cls: 3 } as const;
