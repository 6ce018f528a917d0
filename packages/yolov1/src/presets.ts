/** How a reduction combines the per-image sums: batch mean (default) or sum. */
export type Reduction = 'mean' | 'sum';

/** Every key of the YOLOv1 loss (names as in LOSSES.md §1). */
export interface Yolov1Config {
  /** Grid `S` (a number) or `[W, H]`; the prediction tensor must agree. */
  gridSize: number | readonly [number, number];
  /** Predictors per cell `B`. */
  boxesPerCell: number;
  /** Classes `C`. */
  numClasses: number;
  lambdaCoord: number;
  lambdaObj: number;
  lambdaNoobj: number;
  lambdaClass: number;
  /** Objectness target: IoU of the responsible box (true) or 1 (false). */
  rescore: boolean;
  reduction: Reduction;
}

/** The two presets' defaults: `paper` (the seed) and `darknet` (`yolov1.cfg`, detection layer). */
export const yolov1Presets: Readonly<Record<'paper' | 'darknet', Readonly<Yolov1Config>>> = {
  paper: {
    gridSize: 7,
    boxesPerCell: 2,
    numClasses: 20,
    lambdaCoord: 5,
    lambdaObj: 1,
    lambdaNoobj: 0.5,
    lambdaClass: 1,
    rescore: true,
    reduction: 'mean',
  },
  darknet: {
    gridSize: 7,
    boxesPerCell: 3,
    numClasses: 20,
    lambdaCoord: 5,
    lambdaObj: 1,
    lambdaNoobj: 0.5,
    lambdaClass: 1,
    rescore: true,
    reduction: 'mean',
  },
};
