// The fused one-head ops of `@yolo-loss/backend/kernels` on their own: the unweighted sums and
// gradients of hand-computed one-cell cases, and the checks of their inputs. (The losses' parity
// with the composed ops is tested in packages/yolov1 and yolov2.)
import * as tf from '@tensorflow/tfjs-core';
import { expectAllClose, values } from '@yolo-loss/test-utils';
import { describe, expect, it } from 'vitest';
import {
  fusedKernelAvailable,
  fusedYolov1Loss,
  fusedYolov2Loss,
  GRID_HEAD_GRAD_KERNEL,
  YOLOV1_HEAD_KERNEL,
  YOLOV2_HEAD_KERNEL,
  type FusedYolov1Spec,
  type FusedYolov2Spec,
} from '../src/kernels/index.js';

const tol = { abs: 1e-6, rel: 1e-5 };
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

const v1Spec: FusedYolov1Spec = {
  gridH: 1,
  gridW: 1,
  boxesPerCell: 1,
  numClasses: 2,
  activation: 'linear',
  fallbackDistance: 'sqrt-size',
  rescore: false,
};
const v2Spec: FusedYolov2Spec = {
  gridH: 1,
  gridW: 1,
  numClasses: 2,
  anchors: [1, 1],
  sizeBounds: [20, 20],
  sizeLoss: 'log-space',
  smallBoxWeight: false,
  classLoss: 'softmax-ce',
  rescore: false,
  ignoreThreshold: 0.5,
};

describe('grid-head kernels (fused ops)', () => {
  it('registers YoloV1Head, YoloV2Head and YoloGridHeadGrad on this backend', () => {
    for (const name of [YOLOV1_HEAD_KERNEL, YOLOV2_HEAD_KERNEL, GRID_HEAD_GRAD_KERNEL]) expect(fusedKernelAvailable(name)).toBe(true);
  });

  it('fusedYolov1Loss, one GT cell, linear decoding, target 1: the four sums and their gradient', async () => {
    // pred (tx, ty, tw, th, to, z0, z1); table: GT box, offsets (x̂, ŷ, √ŵ, √ĥ), one-hot class 1
    const p = [0.2, 0.9, 0.5, 0.3, 0.4, 0.7, -0.2];
    const o = [0.5, 0.25, 0.6, 0.4];
    const pred = tf.tensor4d(p, [1, 1, 1, 7]);
    const targets = { cellIndex: Int32Array.of(0), table: Float32Array.of(0.5, 0.5, 0.36, 0.16, ...o, 0, 1) };
    const sums = fusedYolov1Loss(pred, targets, v1Spec);
    const d = o.map((v, i) => p[i]! - v);
    const box = d.reduce((s, v) => s + v * v, 0);
    const cls = p[5]! ** 2 + (p[6]! - 1) ** 2;
    expectAllClose(await values(sums), [box, (p[4]! - 1) ** 2, 0, cls], tol, 'sums [box, obj, noobj, cls]');
    // d/dpred of box + 2·obj + 3·noobj + 4·cls
    const grad = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(fusedYolov1Loss(x, targets, v1Spec), [1, 2, 3, 4])))(pred);
    const expected = [...d.map((v) => 2 * v), 2 * 2 * (p[4]! - 1), 4 * 2 * p[5]!, 4 * 2 * (p[6]! - 1)];
    expectAllClose(await values(grad), expected, tol, 'gradient');
    tf.dispose([pred, sums, grad]);
  });

  it('fusedYolov2Loss, a slot without GT and nothing to ignore: only noobj σ(to)², gradient 2σ²(1 − σ)', async () => {
    const to = 0.8;
    const pred = tf.tensor4d([0.1, -0.3, 0.2, 0.4, to, 1, 2], [1, 1, 1, 7]);
    const targets = { slotIndex: Int32Array.of(-1), table: new Float32Array(13), gt: new Float32Array(4), maxBoxes: 1 };
    const sums = fusedYolov2Loss(pred, targets, v2Spec);
    const s = sigmoid(to);
    expectAllClose(await values(sums), [0, 0, s * s, 0], tol, 'sums');
    const grad = tf.grad((x: tf.Tensor) => tf.sum(fusedYolov2Loss(x, targets, v2Spec)))(pred);
    expectAllClose(await values(grad), [0, 0, 0, 0, 2 * s * s * (1 - s), 0, 0], tol, 'gradient');
    tf.dispose([pred, sums, grad]);
  });

  it('name the op and the argument on inputs that do not fit together', () => {
    const pred = tf.zeros([1, 1, 1, 7]);
    const v1 = (cellIndex: Int32Array, table: Float32Array) => () => fusedYolov1Loss(pred, { cellIndex, table }, v1Spec);
    expect(v1(Int32Array.of(0, -1), new Float32Array(10))).toThrow(/fusedYolov1Loss: pred: shape \[1, 1, 1, 7\] does not hold 2 rows of 7/);
    expect(v1(Int32Array.of(0), new Float32Array(9))).toThrow(/fusedYolov1Loss: targets\.table: expected at least one entry of 10 values, got 9/);
    expect(v1(Int32Array.of(1), new Float32Array(10))).toThrow(/fusedYolov1Loss: targets\.cellIndex\[0\] is 1/);
    const v2 = { slotIndex: Int32Array.of(-1), table: new Float32Array(13), gt: new Float32Array(3), maxBoxes: 1 };
    expect(() => fusedYolov2Loss(pred, v2, v2Spec)).toThrow(/fusedYolov2Loss: targets\.gt: expected 1 images × maxBoxes 1/);
    const ints = tf.zeros([1, 1, 1, 7], 'int32');
    expect(() => fusedYolov2Loss(ints, { ...v2, gt: new Float32Array(4) }, v2Spec)).toThrow(/fusedYolov2Loss: pred: expected a float32 tf.Tensor/);
    tf.dispose([pred, ints]);
  });
});
