import { describeGridHeadConfig } from '@yolo-loss/test-utils';
import { yolov2Kit } from './kit.js';

describeGridHeadConfig(yolov2Kit, {
  overrides: [
    // 32 input pixels per cell
    { given: { gridSize: [5, 4] }, derived: { inputSize: [160, 128] } },
    { given: { inputSize: [640, 416] }, derived: { gridSize: [20, 13] } },
    { given: { numClasses: 3 } },
    {
      given: {
        anchors: [
          [1, 2],
          [3, 4],
        ],
      },
    },
    { given: { lambdaCoord: 2 } },
    { given: { lambdaObj: 3 } },
    { given: { lambdaNoobj: 0.1 } },
    { given: { lambdaClass: 0.7 } },
    { given: { ignoreThreshold: 0.5 } },
    { given: { rescore: false } },
    { given: { sizeLoss: 'grid-cells' } },
    { given: { smallBoxWeight: true } },
    { given: { classLoss: 'softmax-sse' } },
    { given: { slotConflict: 'first-wins' } },
    { given: { squaredErrorScale: 1 } },
    { given: { reduction: 'sum' } },
  ],
  rejects: [
    [{ gridSize: 0 }, /gridSize/],
    [{ numClasses: 2.5 }, /numClasses/],
    [{ anchors: [] }, /anchors/],
    [{ anchors: [[1, 0]] }, /anchors.*anchor 0/],
    [
      {
        anchors: [
          [1, 1],
          [-1, 2],
        ],
      },
      /anchors.*anchor 1/,
    ],
    [{ lambdaCoord: -1 }, /lambdaCoord/],
    [{ lambdaObj: Number.NaN }, /lambdaObj/],
    [{ lambdaNoobj: Infinity }, /lambdaNoobj/],
    [{ lambdaClass: null }, /lambdaClass/],
    [{ ignoreThreshold: 1.5 }, /ignoreThreshold/],
    [{ rescore: 'yes' }, /rescore/],
    [{ sizeLoss: 'log' }, /sizeLoss/],
    [{ smallBoxWeight: 1 }, /smallBoxWeight/],
    [{ classLoss: 'bce' }, /classLoss/],
    [{ slotConflict: 'share' }, /slotConflict/],
    [{ squaredErrorScale: -0.5 }, /squaredErrorScale/],
    [{ reduction: 'none' }, /reduction/],
    [{ boxesPerCell: 2 }, /unknown config key 'boxesPerCell'/],
    [{ preset: 'yolo9000' }, /unknown preset/],
  ],
});
