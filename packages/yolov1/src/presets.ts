import type { Reduction } from '@yolo-loss/backend';

/** Every key of the YOLOv1 loss (docs/losses/yolov1.md states what each means). */
export interface Yolov1Config {
  /** Grid `S` (a number) or `[W, H]`; the prediction tensor must agree. */
  gridSize: number | readonly [number, number];
  /**
   * `[width, height]` of the network input in pixels. Give it or `gridSize` (the other follows,
   * 64 input pixels per cell as in YOLOv1's 448 → 7); given both, each axis must be a whole number of cells.
   */
  inputSize: readonly [number, number];
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
  /**
   * How the raw outputs decode. `'logistic'`: `x, y, w, h` and the confidence through σ, classes
   * through softmax, the loss on `√(w + 1e-9)`. `'linear'`: every output as it is, the network
   * predicting `√w` and `√h` directly (`w = tw²`) and raw class scores (Darknet's `[detection]`).
   */
  activation: 'logistic' | 'linear';
  /**
   * How the responsible predictor is chosen when every predictor of a GT's cell has IoU 0: the
   * smallest `(x − x̂)² + (y − ŷ)² + (√w − √ŵ)² + (√h − √ĥ)²` (`'sqrt-size'`), or the smallest RMSE
   * over `(x/S, y/S, w, h)` with offsets in image units (`'image-rmse'`, Darknet).
   */
  fallbackDistance: 'sqrt-size' | 'image-rmse';
  /** Factor on every squared error: 1, or ½ (Darknet's `delta` is the gradient of ½·λ·(t − x)²). */
  squaredErrorScale: number;
  reduction: Reduction;
}

/**
 * The presets, each a full record of the keys: `paper` (the YOLOv1 paper's formulation) and
 * `darknet` (Darknet's `[detection]` layer with `yolov1.cfg`).
 */
export const yolov1Presets: Readonly<Record<'paper' | 'darknet', Readonly<Yolov1Config>>> = {
  paper: {
    gridSize: 7,
    inputSize: [448, 448],
    boxesPerCell: 2,
    numClasses: 20,
    lambdaCoord: 5,
    lambdaObj: 1,
    lambdaNoobj: 0.5,
    lambdaClass: 1,
    rescore: true,
    activation: 'logistic',
    fallbackDistance: 'sqrt-size',
    squaredErrorScale: 1,
    reduction: 'mean',
  },
  darknet: {
    gridSize: 7,
    inputSize: [448, 448],
    boxesPerCell: 3,
    numClasses: 20,
    lambdaCoord: 5,
    lambdaObj: 1,
    lambdaNoobj: 0.5,
    lambdaClass: 1,
    rescore: true,
    activation: 'linear',
    fallbackDistance: 'image-rmse',
    squaredErrorScale: 0.5,
    reduction: 'mean',
  },
};
