// The benchmark cases of issue #9: realistic training shapes per version, plus v3 scaling in
// ground-truth boxes per image. Each case builds its inputs once and returns a loss function of
// the prediction tensors.
import * as tf from '@tensorflow/tfjs-core';
import { yolov1Loss } from '@yolo-loss/yolov1';
import { yolov2Loss } from '@yolo-loss/yolov2';
import { yolov3Loss } from '@yolo-loss/yolov3';
import { yolov4Loss } from '@yolo-loss/yolov4';

/** @typedef {import('@yolo-loss/yolov3').LossImplementation} LossImplementation */

/**
 * Deterministic LCG in [0, 1).
 * @param {number} seed
 */
function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/**
 * Random ground truth: `count` boxes in each of `images` images.
 * @param {number} images
 * @param {number} count
 * @param {number} numClasses
 * @param {number} seed
 */
function randomGt(images, count, numClasses, seed) {
  const r = rng(seed);
  return Array.from({ length: images }, () =>
    Array.from({ length: count }, () => ({
      x: 0.02 + r() * 0.96, y: 0.02 + r() * 0.96,
      w: 0.02 + r() * 0.48, h: 0.02 + r() * 0.48,
      classId: Math.floor(r() * numClasses),
    })),
  );
}

/**
 * A prediction tensor of uniform values in [−2, 2).
 * @param {[number, number, number, number]} shape
 * @param {number} seed
 */
function randomTensor(shape, seed) {
  const r = rng(seed);
  const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < data.length; i++) data[i] = (r() * 2 - 1) * 2;
  return tf.tensor4d(data, shape);
}

/**
 * One prediction tensor per stride, `[batch, size/stride, size/stride, channels]`.
 * @param {number} batch
 * @param {number} size - input side
 * @param {number[]} strides
 * @param {number} channels
 * @param {number} seed - of the first head (the next ones: seed + 1, …)
 */
const heads = (batch, size, strides, channels, seed) =>
  strides.map((s, i) => randomTensor([batch, size / s, size / s, channels], seed + i));

/**
 * One benchmark case: `build(impl)` makes its prediction tensors and the loss of them.
 * @typedef {{ name: string, impls: LossImplementation[],
 *   build: (impl: LossImplementation) => { inputs: tf.Tensor4D[], loss: (xs: tf.Tensor4D[]) => tf.Scalar } }} BenchCase
 */

/**
 * Every case has the implementations it can run (the losses' `implementation` option): `composed`
 * everywhere, `fused` where the backend has the kernels (cpu, webgpu).
 * @returns {BenchCase[]}
 */
export function benchCases() {
  /** @type {LossImplementation[]} */
  const both = ['composed', 'fused'];
  /**
   * @param {number} boxes - ground-truth boxes per image
   * @param {string} [name]
   * @returns {BenchCase}
   */
  const v3 = (boxes, name = `v3 416² C=80 b8 ${boxes} boxes/img`) => ({
    name,
    impls: both,
    build: (implementation) => {
      const gt = randomGt(8, boxes, 80, 7);
      return {
        inputs: heads(8, 416, [32, 16, 8], 255, 3),
        loss: (xs) => yolov3Loss(xs, gt, { preset: 'paper', implementation }).total,
      };
    },
  });
  return [
    {
      name: 'v1 7×7 B=2 C=20 b64',
      impls: both,
      build: (implementation) => {
        const gt = randomGt(64, 4, 20, 1);
        return {
          inputs: [randomTensor([64, 7, 7, 30], 1)],
          loss: ([x]) => yolov1Loss(x, gt, { preset: 'paper', implementation }).total,
        };
      },
    },
    {
      name: 'v2 13×13 A=5 C=20 b16',
      impls: both,
      build: (implementation) => {
        const gt = randomGt(16, 6, 20, 2);
        return {
          inputs: [randomTensor([16, 13, 13, 125], 2)],
          loss: ([x]) => yolov2Loss(x, gt, { preset: 'paper', implementation }).total,
        };
      },
    },
    v3(20, 'v3 416² 3 heads C=80 b8 20 boxes/img'),
    {
      name: 'v4 608² 3 heads C=80 b4 20 boxes/img',
      impls: both,
      build: (implementation) => {
        const gt = randomGt(4, 20, 80, 4);
        return {
          inputs: heads(4, 608, [8, 16, 32], 255, 5),
          loss: (xs) => yolov4Loss(xs, gt, { preset: 'paper', implementation }).total,
        };
      },
    },
    v3(1),
    v3(100),
    v3(500),
  ];
}
