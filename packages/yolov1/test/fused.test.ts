// The fused kernel (YoloV1Head) against the composed ops, on the test backend.
import * as tf from '@tensorflow/tfjs-core';
import {
  describeGridHeadFusedMatchesComposed,
  expectFusedMatchesComposed,
  randomGt,
  seeded,
  type Tolerance,
} from '@yolo-loss/test-utils';
import { describe, it } from 'vitest';
import { yolov1Loss, type Yolov1Options } from '../src/index.js';
import { yolov1Kit } from './kit.js';

describeGridHeadFusedMatchesComposed(yolov1Kit, [
  ['paper (logistic, sqrt-size fallback, rescore)', { preset: 'paper' }],
  ['darknet (linear, image-rmse fallback, ½)', { preset: 'darknet' }],
  ['paper, rescore false, sum, λs', { preset: 'paper', rescore: false, reduction: 'sum', lambdaCoord: 2, lambdaObj: 0.7, lambdaNoobj: 0.3, lambdaClass: 1.3 }],
  ['paper with image-rmse fallback and ½', { preset: 'paper', fallbackDistance: 'image-rmse', squaredErrorScale: 0.5 }],
  ['darknet with logistic decoding, rescore false', { preset: 'darknet', activation: 'logistic', rescore: false }],
  ['paper with linear decoding', { preset: 'paper', activation: 'linear' }],
  ['darknet, B = 3, grid 5×3', { preset: 'darknet', gridSize: [5, 3], boxesPerCell: 3 }, [3, 5, 3 * 5 + 3]],
  ['paper, B = 1, 1 class, grid 2×3', { preset: 'paper', gridSize: [2, 3], boxesPerCell: 1, numClasses: 1 }, [3, 2, 5 + 1]],
]);

const tolerance: Tolerance = { abs: 1e-5, rel: 1e-4 };
const loss = (heads: tf.Tensor[], gt: unknown, options?: Yolov1Options & { implementation?: string }) =>
  yolov1Loss(heads as tf.Tensor4D[], gt as never, options as never);

/**
 * `[3, 4, 4, 13]` predictions in ±3; `size` overrides every predictor's tw, th (an empty box:
 * logistic σ(−80)² underflows float32, linear tw = 0); `twin` makes the two predictors of every
 * cell equal.
 */
function predictions(seed: number, twin: boolean, size?: number): tf.Tensor4D[] {
  const rand = seeded(seed);
  const values = Float32Array.from({ length: 3 * 16 * 13 }, () => rand(-3, 3));
  for (let cell = 0; cell < 3 * 16; cell++) {
    const o = cell * 13;
    if (size !== undefined) for (const b of [0, 5]) values.fill(size, o + b + 2, o + b + 4);
    if (twin) values.copyWithin(o + 5, o, o + 5);
  }
  return [tf.tensor4d(values, [3, 4, 4, 13])];
}

describe('yolov1 fused ≡ composed: ties and the fallback', () => {
  for (const preset of ['paper', 'darknet'] as const) {
    const options = { ...yolov1Kit.small, preset };
    const empty = preset === 'paper' ? -80 : 0;

    it(`${preset}: equal predictors tie on IoU; the lower index is responsible in both`, async () => {
      const heads = predictions(3, true);
      await expectFusedMatchesComposed(loss, heads, randomGt(3, 3, 3, 8), options, tolerance, 'IoU tie');
      tf.dispose(heads);
    });

    it(`${preset}: every IoU 0 (empty predicted boxes): the fallback distance decides, and equal predictors tie on it`, async () => {
      for (const twin of [false, true]) {
        const heads = predictions(5, twin, empty);
        await expectFusedMatchesComposed(loss, heads, randomGt(3, 3, 3, 9), options, tolerance, `fallback, twin ${twin}`);
        tf.dispose(heads);
      }
    });
  }
});
