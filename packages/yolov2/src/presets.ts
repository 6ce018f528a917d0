/** How a reduction combines the per-image sums: batch mean (default) or sum. */
export type Reduction = 'mean' | 'sum';

/** Every key of the YOLOv2 loss (names as in LOSSES.md §2). */
export interface Yolov2Config {
  /** Grid as a number or `[W, H]`; the prediction tensor must agree. */
  gridSize: number | readonly [number, number];
  numClasses: number;
  /** Anchors `[[w, h], ...]` in grid-cell units. */
  anchors: readonly (readonly [number, number])[];
  lambdaCoord: number;
  lambdaObj: number;
  lambdaNoobj: number;
  lambdaClass: number;
  ignoreThreshold: number;
  rescore: boolean;
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

/** The two presets' defaults: `paper` (the seed + `yolo-voc.cfg`) and `darknet` (region layer). */
export const yolov2Presets: Readonly<Record<'paper' | 'darknet', Readonly<Yolov2Config>>> = {
  paper: {
    gridSize: 13,
    numClasses: 20,
    anchors: vocAnchors,
    lambdaCoord: 1,
    lambdaObj: 5,
    lambdaNoobj: 1,
    lambdaClass: 1,
    ignoreThreshold: 0.6,
    rescore: true,
    reduction: 'mean',
  },
  darknet: {
    gridSize: 13,
    numClasses: 20,
    anchors: vocAnchors,
    lambdaCoord: 1,
    lambdaObj: 5,
    lambdaNoobj: 1,
    lambdaClass: 1,
    ignoreThreshold: 0.6,
    rescore: true,
    reduction: 'mean',
  },
};
