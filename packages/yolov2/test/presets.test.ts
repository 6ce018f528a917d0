import { describePresetsAsData, observeGridHeadCase, randomGt, randomPred } from '@yolo-loss/test-utils';
import { resolveYolov2Config, yolov2Assignment, yolov2Loss, yolov2Presets } from '../src/index.js';
import { smallAnchors } from './kit.js';

// The fixed random case: a 4×4 grid, 3 anchors, 3 classes, 2 images of 10 boxes (two GTs on one
// slot happen), predictions in ±2.
describePresetsAsData({
  version: 'yolov2',
  presets: yolov2Presets,
  resolve: resolveYolov2Config,
  small: { gridSize: 4, numClasses: 3, anchors: smallAnchors },
  observe: observeGridHeadCase(yolov2Loss, yolov2Assignment, () => randomPred([2, 4, 4, 24], 5, 2), randomGt(2, 10, 3, 3)),
  encodingKeys: ['slotConflict'],
});
