import type { Reduction } from '@yolo-loss/backend';
import type { AnchorHeadLayoutConfig, IgnoreBasis } from '@yolo-loss/heads';

/** Every key of the YOLOv3 loss (docs/losses/yolov3.md states what each means). */
export interface Yolov3Config extends AnchorHeadLayoutConfig {
  lambdaCoord: number;
  lambdaObj: number;
  lambdaClass: number;
  /** A non-responsible prediction with IoU `>` this with a GT gets no `noobj` term. */
  ignoreThreshold: number;
  /** The ignore rule compares the anchor box on its cell (`'prior'`) or the decoded prediction (`'prediction'`). */
  ignoreBasis: IgnoreBasis;
  /** The box term counts only when the anchor's shape IoU with the GT is `>` this. */
  coordAnchorIou: number;
  /** The x, y term: `(tx − t̂x)²` on logits (`'sse-logit'`), `(σ(tx) − x̂)²` (`'sse-sigmoid'`) or `BCE(x̂, σ(tx))` (`'bce'`). */
  xyLoss: 'sse-logit' | 'sse-sigmoid' | 'bce';
  /** The `tw`, `th` squared errors in full (`'sse'`) or halved (`'half-sse'`). */
  whLoss: 'sse' | 'half-sse';
  /**
   * Two GTs on one slot (head, cell, anchor): the earlier keeps it (`'first-wins'`), or the later
   * one's box and objectness replace it while the classes merge (`'last-wins-union-classes'`).
   */
  slotConflict: 'first-wins' | 'last-wins-union-classes';
  reduction: Reduction;
}

const anchors: readonly (readonly [number, number])[] = [
  [10, 13], [16, 30], [33, 23], [30, 61], [62, 45], [59, 119], [116, 90], [156, 198], [373, 326],
];
const masks = [[6, 7, 8], [3, 4, 5], [0, 1, 2]] as const;

/**
 * The presets, each a full record of the keys: `paper` (the YOLOv3 paper's formulation, the
 * `yolov3.cfg` anchors) and `darknet` (pjreddie Darknet's `[yolo]` layer with `yolov3.cfg`).
 */
export const yolov3Presets: Readonly<Record<'paper' | 'darknet', Readonly<Yolov3Config>>> = {
  paper: {
    anchors, anchorUnits: 'pixels', masks, strides: [32, 16, 8], inputSize: [416, 416], numClasses: 80,
    lambdaCoord: 1, lambdaObj: 1, lambdaClass: 1,
    ignoreThreshold: 0.5, ignoreBasis: 'prior', coordAnchorIou: 0.5,
    xyLoss: 'sse-logit', whLoss: 'sse', slotConflict: 'first-wins', reduction: 'mean',
  },
  darknet: {
    anchors, anchorUnits: 'pixels', masks, strides: [32, 16, 8], inputSize: [416, 416], numClasses: 80,
    lambdaCoord: 1, lambdaObj: 1, lambdaClass: 1,
    ignoreThreshold: 0.7, ignoreBasis: 'prediction', coordAnchorIou: 0,
    xyLoss: 'bce', whLoss: 'half-sse', slotConflict: 'last-wins-union-classes', reduction: 'mean',
  },
};
