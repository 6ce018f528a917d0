// The fused kernels (geometry's FusedYoloHead) against the composed ops, on the test backend.
import * as tf from '@tensorflow/tfjs-core';
import { expectFusedMatchesComposed, randomGt, randomHeads, raggedGt, type Tolerance } from '@yolo-loss/test-utils';
import { describe, expect, it } from 'vitest';
import { yolov4Loss, type Yolov4Options } from '../src/index.js';

const tolerance: Tolerance = { abs: 1e-5, rel: 1e-4 };
const small: Yolov4Options = {
  inputSize: [64, 48],
  numClasses: 3,
  anchors: [[3, 4], [5, 9], [10, 7], [9, 19], [19, 14], [18, 36], [36, 28], [48, 40], [60, 44]],
};
const shapes = [
  [3, 6, 8, 24],
  [3, 3, 4, 24],
  [3, 2, 2, 24],
] as const;

const variants: [string, Yolov4Options][] = [
  ['paper', { preset: 'paper' }],
  ['darknet (class gate, shared slots)', { preset: 'darknet', ignoreThreshold: 0.3 }],
  ['paper diou, ignore 0.3', { preset: 'paper', boxLoss: 'diou', ignoreThreshold: 0.3 }],
  ['paper giou, label smoothing', { preset: 'paper', boxLoss: 'giou', labelSmoothing: 0.1 }],
  ['darknet iou, sum, λs', { preset: 'darknet', boxLoss: 'iou', reduction: 'sum', lambdaObj: 0.7, lambdaClass: 1.3, lambdaCoord: 2 }],
  ['paper scaleXY 1 everywhere, iouThreshold 0.1', { preset: 'paper', scaleXY: [1, 1, 1], iouThreshold: 0.1 }],
];

describe('yolov4 fused ≡ composed', () => {
  for (const [name, options] of variants) {
    it(`${name}: random predictions, 6 boxes per image`, async () => {
      const heads = randomHeads(shapes, 11, 3);
      await expectFusedMatchesComposed(yolov4Loss, heads, randomGt(3, 6, 3, 5), { ...small, ...options }, tolerance, name);
      tf.dispose(heads);
    });
  }

  it('a ragged batch (an image without boxes) and a batch without any box', async () => {
    const heads = randomHeads(shapes, 4, 2);
    await expectFusedMatchesComposed(yolov4Loss, heads, raggedGt, { ...small, preset: 'darknet' }, tolerance, 'ragged');
    await expectFusedMatchesComposed(yolov4Loss, heads, [[], [], []], { ...small }, tolerance, 'no boxes');
    tf.dispose(heads);
  });

  it('extreme predictions: every channel in ±80 (saturated logits, tw/th past the exponent clamp)', async () => {
    const heads = randomHeads(shapes, 9, 80);
    await expectFusedMatchesComposed(yolov4Loss, heads, randomGt(3, 4, 3, 2), { ...small, preset: 'darknet' }, tolerance, 'extreme');
    tf.dispose(heads);
  });

  it('an unknown implementation is an error naming options.implementation and the allowed values', () => {
    const heads = randomHeads(shapes, 1, 1);
    expect(() => yolov4Loss(heads, raggedGt, { ...small, implementation: 'gpu' as 'fused' })).toThrow(
      /options\.implementation must be 'auto', 'fused' or 'composed', got "gpu"/,
    );
    tf.dispose(heads);
  });
});
