/** How a reduction combines the per-image sums: batch mean (default) or sum. */
export type Reduction = 'mean' | 'sum';

/** Every key of the YOLOv4 loss (names as in LOSSES.md §4). */
export interface Yolov4Config {
  /** All anchors `[[w, h], ...]` in input pixels. */
  anchors: readonly (readonly [number, number])[];
  /** Anchor indices per head, in the order of the prediction tensors. */
  masks: readonly (readonly number[])[];
  /** `[width, height]` of the network input in pixels. */
  inputSize: readonly [number, number];
  numClasses: number;
  /** Grid-sensitivity scale `s` per head. */
  scaleXY: readonly number[];
  /** Extra anchors whose shape IoU with a GT exceeds this are responsible too. */
  iouThreshold: number;
  lambdaCoord: number;
  lambdaObj: number;
  lambdaClass: number;
  ignoreThreshold: number;
  /** Binary label smoothing ε. */
  labelSmoothing: number;
  boxLoss: 'ciou' | 'diou' | 'giou' | 'iou';
  reduction: Reduction;
}

const anchors: readonly (readonly [number, number])[] = [
  [12, 16], [19, 36], [40, 28], [36, 75], [76, 55], [72, 146], [142, 110], [192, 243], [459, 401],
];
const masks = [[0, 1, 2], [3, 4, 5], [6, 7, 8]] as const;
const base: Yolov4Config = {
  anchors, masks, inputSize: [608, 608], numClasses: 80,
  scaleXY: [1.2, 1.1, 1.05], iouThreshold: 0.213,
  lambdaCoord: 0.07, lambdaObj: 1, lambdaClass: 1,
  ignoreThreshold: 0.7, labelSmoothing: 0, boxLoss: 'ciou', reduction: 'mean',
};

/** The two presets' defaults (`yolov4.cfg`); `darknet` adds Darknet's class-score ignore gate. */
export const yolov4Presets: Readonly<Record<'paper' | 'darknet', Readonly<Yolov4Config>>> = {
  paper: base,
  darknet: base,
};
