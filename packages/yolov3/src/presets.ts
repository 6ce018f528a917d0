/** How a reduction combines the per-image sums: batch mean (default) or sum. */
export type Reduction = 'mean' | 'sum';

/** Every key of the YOLOv3 loss (names as in LOSSES.md §3). */
export interface Yolov3Config {
  /** All anchors `[[w, h], ...]` in input pixels. */
  anchors: readonly (readonly [number, number])[];
  /** Anchor indices per head, in the order of the prediction tensors. */
  masks: readonly (readonly number[])[];
  /** `[width, height]` of the network input in pixels. */
  inputSize: readonly [number, number];
  numClasses: number;
  lambdaCoord: number;
  lambdaObj: number;
  lambdaClass: number;
  ignoreThreshold: number;
  ignoreBasis: 'prior' | 'prediction';
  coordAnchorIou: number;
  xyLoss: 'sse-logit' | 'sse-sigmoid' | 'bce';
  whLoss: 'sse' | 'half-sse';
  reduction: Reduction;
}

const anchors: readonly (readonly [number, number])[] = [
  [10, 13], [16, 30], [33, 23], [30, 61], [62, 45], [59, 119], [116, 90], [156, 198], [373, 326],
];
const masks = [[6, 7, 8], [3, 4, 5], [0, 1, 2]] as const;

/** The two presets' defaults: `paper` (the seed) and `darknet` (`yolov3.cfg`, yolo layer). */
export const yolov3Presets: Readonly<Record<'paper' | 'darknet', Readonly<Yolov3Config>>> = {
  paper: {
    anchors, masks, inputSize: [416, 416], numClasses: 80,
    lambdaCoord: 1, lambdaObj: 1, lambdaClass: 1,
    ignoreThreshold: 0.5, ignoreBasis: 'prior', coordAnchorIou: 0.5,
    xyLoss: 'sse-logit', whLoss: 'sse', reduction: 'mean',
  },
  darknet: {
    anchors, masks, inputSize: [416, 416], numClasses: 80,
    lambdaCoord: 1, lambdaObj: 1, lambdaClass: 1,
    ignoreThreshold: 0.7, ignoreBasis: 'prediction', coordAnchorIou: 0,
    xyLoss: 'bce', whLoss: 'half-sse', reduction: 'mean',
  },
};
