// The fused kernel (YoloV2Head) against the composed ops, on the test backend.
import * as tf from '@tensorflow/tfjs-core';
import { describeGridHeadFusedMatchesComposed, expectFusedMatchesComposed, type Tolerance } from '@yolo-loss/test-utils';
import { describe, it } from 'vitest';
import { yolov2Loss, type Yolov2Options } from '../src/index.js';
import { yolov2Kit } from './kit.js';

describeGridHeadFusedMatchesComposed(yolov2Kit, [
  ['paper (grid-cells, 2 − wh weight, softmax-sse, rescore, ignore 0.6)', { preset: 'paper' }],
  ['darknet (log-space, softmax-ce, last-wins, ½)', { preset: 'darknet' }],
  ['paper, ignore 0.1, rescore false', { preset: 'paper', ignoreThreshold: 0.1, rescore: false }],
  ['darknet, ignore 0 (every overlap ignored), sum, λs', { preset: 'darknet', ignoreThreshold: 0, reduction: 'sum', lambdaCoord: 2, lambdaObj: 0.7, lambdaNoobj: 0.3, lambdaClass: 1.3 }],
  ['paper, ignore 1 (nothing ignored), softmax-ce, no wh weight', { preset: 'paper', ignoreThreshold: 1, classLoss: 'softmax-ce', smallBoxWeight: false }],
  ['darknet, grid-cells, softmax-sse, ½', { preset: 'darknet', sizeLoss: 'grid-cells', classLoss: 'softmax-sse' }],
  [
    'paper, pixel anchors, grid 5×3, 2 anchors, 2 classes',
    { preset: 'paper', gridSize: [5, 3], numClasses: 2, anchorUnits: 'pixels', anchors: [[40, 50], [90, 70]] },
    [3, 5, 2 * 7],
  ],
]);

const tolerance: Tolerance = { abs: 1e-5, rel: 1e-4 };
const loss = (heads: tf.Tensor[], gt: unknown, options?: Yolov2Options & { implementation?: string }) =>
  yolov2Loss(heads as tf.Tensor4D[], gt as never, options as never);

describe('yolov2 fused ≡ composed: the ignore rule at its threshold', () => {
  // Two equal 2×2-cell anchors on a 4×4 grid; every prediction 0 decodes (exactly, in float32) to
  // its cell's centred 2×2 box. The GT, 1×2 cells in cell (1, 2), is anchor 0's; anchor 1's box
  // there has IoU exactly ½ with it (the GT is its half), its neighbours' boxes less.
  const options: Yolov2Options = { preset: 'paper', gridSize: 4, numClasses: 3, anchors: [[2, 2], [2, 2]] };
  const gt = [[{ x: 0.375, y: 0.625, w: 0.25, h: 0.5, classId: 1 }], []];

  for (const [ignoreThreshold, expected] of [
    [0.5, 'kept: ½ is not above ½'],
    [0.4999999, 'ignored'],
    [1, 'kept'],
  ] as const) {
    it(`ignoreThreshold ${ignoreThreshold}: the IoU-½ slot is ${expected} in both`, async () => {
      const heads = [tf.zeros<tf.Rank.R4>([2, 4, 4, 16])];
      for (const preset of ['paper', 'darknet'] as const) {
        await expectFusedMatchesComposed(loss, heads, gt, { ...options, preset, ignoreThreshold }, tolerance, `${preset} ${ignoreThreshold}`);
      }
      tf.dispose(heads);
    });
  }
});
