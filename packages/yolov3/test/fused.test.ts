// The fused kernels (one per head) against the composed ops, on the test backend.
import { describeFusedMatchesComposed } from '@yolo-loss/test-utils';
import { yolov3Kit } from './kit.js';

describeFusedMatchesComposed(yolov3Kit, [
  ['paper', { preset: 'paper' }],
  ['darknet (prediction basis, bce xy, half-sse wh, multi-hot)', { preset: 'darknet', ignoreThreshold: 0.3 }],
  ['paper sse-sigmoid, prediction basis 0.3', { preset: 'paper', xyLoss: 'sse-sigmoid', ignoreBasis: 'prediction', ignoreThreshold: 0.3 }],
  ['paper prior basis 0.2, coordAnchorIou 0.8', { preset: 'paper', ignoreThreshold: 0.2, coordAnchorIou: 0.8 }],
  ['darknet sum, λs', { preset: 'darknet', reduction: 'sum', lambdaObj: 0.7, lambdaClass: 1.3, lambdaCoord: 2 }],
]);
