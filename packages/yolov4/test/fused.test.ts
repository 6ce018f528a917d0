// The fused kernels (one per head) against the composed ops, on the test backend.
import { describeFusedMatchesComposed } from '@yolo-loss/test-utils';
import { yolov4Kit } from './kit.js';

describeFusedMatchesComposed(yolov4Kit, [
  ['paper', { preset: 'paper' }],
  ['darknet (class gate, shared slots)', { preset: 'darknet', ignoreThreshold: 0.3 }],
  ['paper diou, ignore 0.3', { preset: 'paper', boxLoss: 'diou', ignoreThreshold: 0.3 }],
  ['paper giou, label smoothing', { preset: 'paper', boxLoss: 'giou', labelSmoothing: 0.1 }],
  ['darknet iou, sum, λs', { preset: 'darknet', boxLoss: 'iou', reduction: 'sum', lambdaObj: 0.7, lambdaClass: 1.3, lambdaCoord: 2 }],
  ['paper scaleXY 1 everywhere, iouThreshold 0.1', { preset: 'paper', scaleXY: [1, 1, 1], iouThreshold: 0.1 }],
]);
