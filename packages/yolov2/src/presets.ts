import type { Reduction } from '@yolo-loss/backend';

/** Every key of the YOLOv2 loss (docs/losses/yolov2.md states what each means). */
export interface Yolov2Config {
  /** Grid as a number or `[W, H]`; the prediction tensor must agree. */
  gridSize: number | readonly [number, number];
  /**
   * `[width, height]` of the network input in pixels. Give it or `gridSize` (the other follows,
   * 32 input pixels per cell as in YOLOv2's 416 → 13); given both, each axis must be a whole number of cells.
   */
  inputSize: readonly [number, number];
  numClasses: number;
  /** Anchors `[[w, h], ...]`, in grid cells (Darknet's `[region]` `.cfg` convention) or input pixels (`anchorUnits`). */
  anchors: readonly (readonly [number, number])[];
  /** The unit of `anchors`: `'grid'` (default, cells) or `'pixels'` (input pixels). */
  anchorUnits: 'grid' | 'pixels';
  lambdaCoord: number;
  lambdaObj: number;
  lambdaNoobj: number;
  lambdaClass: number;
  ignoreThreshold: number;
  rescore: boolean;
  /**
   * The `w`, `h` terms: in grid cells, `(p_w·e^{tw} − ŵ_c)²` (`'grid-cells'`), or in log space,
   * `(tw − log(ŵ_c / p_w))²` (`'log-space'`, AlexeyAB Darknet's `[region]` layer).
   */
  sizeLoss: 'grid-cells' | 'log-space';
  /** Weight the box term by `2 − ŵ·ĥ` (the GT's image-normalised area): larger for small boxes. */
  smallBoxWeight: boolean;
  /**
   * The class term: squared error of the softmax probabilities against the one-hot class
   * (`'softmax-sse'`), or the softmax cross-entropy `−log p̂(class)` (`'softmax-ce'`).
   */
  classLoss: 'softmax-sse' | 'softmax-ce';
  /** Two GTs on one slot (cell, anchor): the earlier (`'first-wins'`) or the later (`'last-wins'`) keeps it. */
  slotConflict: 'first-wins' | 'last-wins';
  /** Factor on every squared error: 1, or ½ (Darknet's `delta` is the gradient of ½·λ·(t − x)²). */
  squaredErrorScale: number;
  reduction: Reduction;
}

/** VOC anchors of `yolo-voc.cfg`, grid-cell units. */
const vocAnchors: readonly (readonly [number, number])[] = [
  [1.3221, 1.73145],
  [3.19275, 4.00944],
  [5.05587, 8.09892],
  [9.47112, 4.84053],
  [11.2364, 10.0071],
];

/**
 * The presets, each a full record of the keys: `paper` (the YOLOv2 paper's formulation with
 * `yolo-voc.cfg`'s weights and anchors) and `darknet` (AlexeyAB Darknet's `[region]` layer).
 */
export const yolov2Presets: Readonly<Record<'paper' | 'darknet', Readonly<Yolov2Config>>> = {
  paper: {
    gridSize: 13,
    inputSize: [416, 416],
    numClasses: 20,
    anchors: vocAnchors,
    anchorUnits: 'grid',
    lambdaCoord: 1,
    lambdaObj: 5,
    lambdaNoobj: 1,
    lambdaClass: 1,
    ignoreThreshold: 0.6,
    rescore: true,
    sizeLoss: 'grid-cells',
    smallBoxWeight: true,
    classLoss: 'softmax-sse',
    slotConflict: 'first-wins',
    squaredErrorScale: 1,
    reduction: 'mean',
  },
  darknet: {
    gridSize: 13,
    inputSize: [416, 416],
    numClasses: 20,
    anchors: vocAnchors,
    anchorUnits: 'grid',
    lambdaCoord: 1,
    lambdaObj: 5,
    lambdaNoobj: 1,
    lambdaClass: 1,
    ignoreThreshold: 0.6,
    rescore: true,
    sizeLoss: 'log-space',
    smallBoxWeight: false,
    classLoss: 'softmax-ce',
    slotConflict: 'last-wins',
    squaredErrorScale: 0.5,
    reduction: 'mean',
  },
};
