import { describeGridHeadConfig } from '@yolo-loss/test-utils';
import { yolov1Kit } from './kit.js';

describeGridHeadConfig(yolov1Kit, {
  overrides: [
    // 64 input pixels per cell
    { given: { gridSize: [5, 4] }, derived: { inputSize: [320, 256] } },
    { given: { inputSize: [640, 448] }, derived: { gridSize: [10, 7] } },
    { given: { boxesPerCell: 4 } },
    { given: { numClasses: 3 } },
    { given: { lambdaCoord: 2 } },
    { given: { lambdaObj: 3 } },
    { given: { lambdaNoobj: 0.1 } },
    { given: { lambdaClass: 0.7 } },
    { given: { rescore: false } },
    { given: { activation: 'logistic' } },
    { given: { fallbackDistance: 'sqrt-size' } },
    { given: { squaredErrorScale: 1 } },
    { given: { reduction: 'sum' } },
  ],
  rejects: [
    [{ gridSize: 0 }, /gridSize/],
    [{ gridSize: [7] }, /gridSize/],
    [{ boxesPerCell: 1.5 }, /boxesPerCell/],
    [{ numClasses: 0 }, /numClasses/],
    [{ lambdaCoord: -1 }, /lambdaCoord/],
    [{ lambdaObj: Number.NaN }, /lambdaObj/],
    [{ lambdaNoobj: Infinity }, /lambdaNoobj/],
    [{ lambdaClass: '1' }, /lambdaClass/],
    [{ rescore: 1 }, /rescore/],
    [{ activation: 'relu' }, /activation/],
    [{ fallbackDistance: 'iou' }, /fallbackDistance/],
    [{ squaredErrorScale: 0 }, /squaredErrorScale/],
    [{ reduction: 'none' }, /reduction/],
    [{ anchors: [[1, 1]] }, /unknown config key 'anchors'/],
    [{ preset: 'v1' }, /unknown preset/],
  ],
});
