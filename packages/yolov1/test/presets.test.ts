import * as tf from '@tensorflow/tfjs-core';
import { describePresetsAsData, observeGridHeadCase, randomGt, randomPred } from '@yolo-loss/test-utils';
import { resolveYolov1Config, yolov1Assignment, yolov1Loss, yolov1Presets, type ResolvedYolov1Config } from '../src/index.js';

// The fixed random case: a 4×4 grid, 3 classes, 8 images of 6 small boxes (0.01–0.06), so that
// some GT has no predictor of its cell overlapping it and the fallback distance decides. Images
// 0–3 have predictions in ±1 (such GTs under the linear activation), images 4–7 in ±4 (under
// the logistic one).
function predictionOf(c: ResolvedYolov1Config): tf.Tensor4D {
  const [w, h] = typeof c.gridSize === 'number' ? [c.gridSize, c.gridSize] : c.gridSize;
  const shape: [number, number, number, number] = [4, h, w, c.boxesPerCell * 5 + c.numClasses];
  return tf.tidy(() => tf.concat([randomPred(shape, 5, 1), randomPred(shape, 6, 4)]));
}

describePresetsAsData({
  version: 'yolov1',
  presets: yolov1Presets,
  resolve: resolveYolov1Config,
  small: { gridSize: 4, numClasses: 3 },
  observe: observeGridHeadCase<ResolvedYolov1Config>(yolov1Loss, yolov1Assignment, predictionOf, randomGt(8, 6, 3, 3, 0.01, 0.06)),
});
